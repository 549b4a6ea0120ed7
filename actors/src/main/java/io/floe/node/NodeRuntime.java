package io.floe.node;

import io.floe.persistence.NodeStorage;
import io.floe.shard.ShardStatusRegistry;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The running node's live objects, per actor system, for code that Pekko creates itself (health checks) and for
 * tests: the committee view, the committee member and the storage, registered by the {@link Guardian} once it has
 * wired them, and the statuses the shard entities on this node report.
 */
public final class NodeRuntime implements Extension {
    private static final ExtensionId<NodeRuntime> ID = new ExtensionId<>() {
        @Override
        public NodeRuntime createExtension(ActorSystem<?> system) {
            return new NodeRuntime(ShardStatusRegistry.get(system));
        }
    };

    private volatile LiveCommitteeView committeeView;
    private volatile ActorRef<CommitteeMember.Command> committeeMember;
    private volatile NodeStorage storage;
    private volatile boolean storageOpen;
    private final ShardStatusRegistry shardStatuses;

    private NodeRuntime(ShardStatusRegistry shardStatuses) {
        this.shardStatuses = shardStatuses;
    }

    /** The node runtime of {@code system}. */
    public static NodeRuntime get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void register(LiveCommitteeView view, ActorRef<CommitteeMember.Command> member, NodeStorage storage) {
        this.committeeView = view;
        this.committeeMember = member;
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

    /** The node's committee view; empty until the guardian has started. */
    public Optional<LiveCommitteeView> committeeView() {
        return Optional.ofNullable(committeeView);
    }

    /** The node's committee member; empty until the guardian has started. */
    public Optional<ActorRef<CommitteeMember.Command>> committeeMember() {
        return Optional.ofNullable(committeeMember);
    }
}
