package io.floe.node;

import io.floe.persistence.NodeStorage;
import io.floe.shard.ShardStatusRegistry;
import io.floe.epoch.EpochCoordinator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The running node's live objects, per actor system, for code that Pekko creates itself (health checks) and for
 * tests: the committee view, the committee member, the epoch coordinator (singleton proxy) and the storage,
 * registered by the {@link Guardian} once it has wired them, and the statuses the shard entities on this node report.
 */
public final class NodeRuntime implements Extension {
    private static final ExtensionId<NodeRuntime> ID = new ExtensionId<>() {
        @Override
        public NodeRuntime createExtension(ActorSystem<?> system) {
            return new NodeRuntime(system, ShardStatusRegistry.get(system));
        }
    };

    private volatile LiveCommitteeView committeeView;
    private volatile ActorRef<CommitteeMember.Command> committeeMember;
    private volatile NodeStorage storage;
    private volatile boolean storageOpen;
    private final ShardStatusRegistry shardStatuses;
    private volatile ActorRef<EpochCoordinator.Command> coordinator;
    private final ActorSystem<?> system;

    private NodeRuntime(ActorSystem<?> system, ShardStatusRegistry shardStatuses) {
        this.system = system;
        this.shardStatuses = shardStatuses;
    }

    /** The node runtime of {@code system}. */
    public static NodeRuntime get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void register(LiveCommitteeView view, ActorRef<CommitteeMember.Command> member,
            ActorRef<EpochCoordinator.Command> epochCoordinator, NodeStorage storage) {
        this.committeeView = view;
        this.committeeMember = member;
        this.coordinator = epochCoordinator;
        this.storage = storage;
        this.storageOpen = true;
    }

    /** The guardian closed the storage. */
    void storageClosed() {
        this.storageOpen = false;
    }

    /**
     * Whether the node's stores are open and answer: registered, not closed, and a read of the blob-info count
     * succeeds (a closed or failed LevelDB throws).
     */
    public boolean storageOpen() {
        NodeStorage current = storage;
        if (current == null || !storageOpen) {
            return false;
        }
        try {
            current.blobInfo().count();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What the shard entities on this node last reported about themselves. */
    public ShardStatusRegistry shardStatuses() {
        return shardStatuses;
    }

    /**
     * Asks the epoch coordinator for the next epoch now (the operator's trigger); completes with the epoch being
     * prepared, or a refusal, or fails when the node has no control plane or the coordinator does not answer in
     * {@code timeout}.
     */
    public CompletionStage<EpochCoordinator.EpochChangeRequested> requestEpochChange(Duration timeout) {
        ActorRef<EpochCoordinator.Command> target = coordinator;
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node runs no control plane"));
        }
        return AskPattern.ask(target, EpochCoordinator.TriggerEpochChange::new, timeout, system.scheduler());
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
