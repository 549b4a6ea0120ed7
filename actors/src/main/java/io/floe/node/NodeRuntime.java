package io.floe.node;

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
 * tests: the committee view, the committee member and the epoch coordinator (singleton proxy), registered by the
 * {@link Guardian} once it has wired them.
 */
public final class NodeRuntime implements Extension {
    private static final ExtensionId<NodeRuntime> ID = new ExtensionId<>() {
        @Override
        public NodeRuntime createExtension(ActorSystem<?> system) {
            return new NodeRuntime(system);
        }
    };

    private volatile LiveCommitteeView committeeView;
    private volatile ActorRef<CommitteeMember.Command> committeeMember;
    private volatile ActorRef<EpochCoordinator.Command> coordinator;
    private final ActorSystem<?> system;

    private NodeRuntime(ActorSystem<?> system) {
        this.system = system;
    }

    /** The node runtime of {@code system}. */
    public static NodeRuntime get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void register(LiveCommitteeView view, ActorRef<CommitteeMember.Command> member,
            ActorRef<EpochCoordinator.Command> epochCoordinator) {
        this.committeeView = view;
        this.committeeMember = member;
        this.coordinator = epochCoordinator;
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
