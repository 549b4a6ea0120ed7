package io.floe.node;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The running node's live objects, per actor system, for code that Pekko creates itself (health checks) and for
 * tests: the committee view and the committee member, registered by the {@link Guardian} once it has wired them.
 */
public final class NodeRuntime implements Extension {
    private static final ExtensionId<NodeRuntime> ID = new ExtensionId<>() {
        @Override
        public NodeRuntime createExtension(ActorSystem<?> system) {
            return new NodeRuntime();
        }
    };

    private volatile LiveCommitteeView committeeView;
    private volatile ActorRef<CommitteeMember.Command> committeeMember;

    private NodeRuntime() {
    }

    /** The node runtime of {@code system}. */
    public static NodeRuntime get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void register(LiveCommitteeView view, ActorRef<CommitteeMember.Command> member) {
        this.committeeView = view;
        this.committeeMember = member;
    }

    /** The node's committee view; empty until the guardian has started. */
    public Optional<LiveCommitteeView> committeeView() {
        return Optional.ofNullable(committeeView);
    }

    /** The node's committee member; empty until the guardian has started. */
    public Optional<ActorRef<CommitteeMember.Command>> committeeMember() {
        return Optional.ofNullable(committeeMember);
    }
}
