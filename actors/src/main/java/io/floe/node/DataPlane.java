package io.floe.node;

import io.floe.persistence.NodeStorage;
import io.floe.settings.NodeSettings;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The extension point for the node's HTTP data plane (node API and publisher): the {@link Guardian} calls
 * {@link #start} once the control plane is wired, handing over the live committee view and the node's storage.
 */
@FunctionalInterface
public interface DataPlane {
    /** No data plane: the control plane alone, for tests and for nodes that only take part in the committee. */
    DataPlane NONE = context -> {
    };

    /** What the data plane gets from the control plane. */
    record Context(ActorSystem<?> system, NodeSettings settings, CommitteeView committeeView, NodeStorage storage) {
    }

    /**
     * Starts serving; called once, from the guardian's setup. An implementation binds its servers itself and
     * registers their unbinding with {@code CoordinatedShutdown}; the storage stays open until the system stops.
     */
    void start(Context context);
}
