package io.floe.node;

import io.floe.epoch.Ballot;
import io.floe.epoch.EpochCoordinator;
import io.floe.epoch.Proposal;
import io.floe.protocol.committee.Committee;
import io.floe.serialization.FloeMessage;
import io.floe.settings.CommitteeSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One per node: this node's part in the committee, journaled in the node's own LevelDB. It accepts epoch proposals
 * whose ballot is at least its promise, persists the committees it is told are committed, moves the
 * {@link LiveCommitteeView} with them, and announces itself to the {@link EpochCoordinator} — often until a
 * committee includes it, then now and then so that a new coordinator incarnation finds it. Everything a new
 * coordinator needs to finish an epoch change is here, in {@link GetPromise}'s answer.
 */
public final class CommitteeMember
        extends EventSourcedBehavior<CommitteeMember.Command, CommitteeMember.Event, CommitteeMember.State> {

    /** What a committee member is asked to do. */
    public sealed interface Command {
    }

    /** Timer tick: tell the coordinator this node's id, key, node API URL and reference (local only). */
    public enum AnnounceSelf implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    /** Accept {@code committee} as the next epoch under {@code ballot}, if the ballot is not below the promise. */
    public record ProposeEpoch(Ballot ballot, Committee committee, ActorRef<ProposalReply> replyTo)
            implements Command, FloeMessage {
    }

    /** {@code committee} was accepted by a quorum: persist it and make it the current epoch. */
    public record CommitEpoch(Committee committee, ActorRef<EpochCommitAcknowledged> replyTo)
            implements Command, FloeMessage {
    }

    /** Asks for the committee this member knows as current. */
    public record GetCommittee(ActorRef<CurrentCommittee> replyTo) implements Command, FloeMessage {
    }

    /** Asks for this member's promise, accepted proposal and committed committee, for a coordinator to recover. */
    public record GetPromise(ActorRef<Promise> replyTo) implements Command, FloeMessage {
    }

    /** The answer to {@link ProposeEpoch}. */
    public sealed interface ProposalReply extends FloeMessage {
        /** The member that answered. */
        String nodeId();

        /** The ballot of the proposal answered. */
        Ballot ballot();
    }

    /** The member persisted the proposal (or had already committed the same committee). */
    public record ProposalAccepted(String nodeId, Ballot ballot, long epoch) implements ProposalReply {
    }

    /** The member refused the proposal; {@code reason} says why, {@code promised} is its promise. */
    public record ProposalRejected(String nodeId, Ballot ballot, Optional<Ballot> promised, String reason)
            implements ProposalReply {
    }

    /** The member has committed epoch {@code epoch} (its latest, which may be later than the one sent). */
    public record EpochCommitAcknowledged(String nodeId, long epoch) implements FloeMessage {
    }

    /** The committee this member knows as current; empty before the first commit. */
    public record CurrentCommittee(String nodeId, Optional<Committee> committee) implements FloeMessage {
    }

    /** What a member has promised and accepted, and the committee it has committed. */
    public record Promise(String nodeId, Optional<Ballot> promised, Optional<Proposal> accepted,
            Optional<Committee> committed) implements FloeMessage {

        /** The committed epoch, 0 before the first commit. */
        public long committedEpoch() {
            return committed.map(Committee::epoch).orElse(0L);
        }
    }

    /** What the member journals. */
    public sealed interface Event extends FloeMessage {
    }

    /** The member accepted {@code committee} under {@code ballot} and promised not to accept lower ballots. */
    public record EpochAccepted(Ballot ballot, Committee committee) implements Event {
    }

    /** The member learnt that {@code committee} is committed. */
    public record EpochCommitted(Committee committee) implements Event {
    }

    /** The member's state: committed committee, highest ballot it accepted, and its uncommitted proposal. */
    public record State(Optional<Committee> committed, Optional<Ballot> promised, Optional<Proposal> accepted) {
        static final State EMPTY = new State(Optional.empty(), Optional.empty(), Optional.empty());

        /** The committed epoch, 0 before the first commit. */
        public long epoch() {
            return committed.map(Committee::epoch).orElse(0L);
        }

        /** Whether the committed committee lists {@code nodeId}. */
        public boolean includes(String nodeId) {
            return committed.flatMap(committee -> committee.memberById(nodeId)).isPresent();
        }

        /** Why this member must refuse {@code committee} under {@code ballot}; empty if it may accept. */
        Optional<String> rejection(Ballot ballot, Committee committee) {
            if (promised.isPresent() && ballot.compareTo(promised.get()) < 0) {
                return Optional.of("ballot " + ballot + " is below this member's promise " + promised.get());
            }
            if (committee.epoch() == epoch() + 1 || committed.filter(committee::equals).isPresent()) {
                return Optional.empty();
            }
            if (committee.epoch() == epoch() && committed.isPresent()) {
                return Optional.of("epoch " + epoch() + " is already committed with another committee");
            }
            return Optional.of("epoch " + committee.epoch() + " is not the next epoch; this member has committed"
                    + " epoch " + epoch());
        }

        State apply(Event event) {
            if (event instanceof EpochAccepted accepted) {
                Ballot ballot = promised.filter(p -> p.compareTo(accepted.ballot()) > 0).orElse(accepted.ballot());
                return new State(committed, Optional.of(ballot),
                        Optional.of(new Proposal(accepted.ballot(), accepted.committee())));
            }
            Committee committee = ((EpochCommitted) event).committee();
            return new State(Optional.of(committee), promised,
                    accepted.filter(proposal -> proposal.epoch() > committee.epoch()));
        }
    }

    private static final String ANNOUNCE_TIMER = "announce";

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String apiUrl;
    private final LiveCommitteeView view;
    private final ActorRef<EpochCoordinator.Command> coordinator;
    private final CommitteeSettings settings;
    private Duration announceInterval;

    private CommitteeMember(ActorContext<Command> context, TimerScheduler<Command> timers, String apiUrl,
            LiveCommitteeView view, ActorRef<EpochCoordinator.Command> coordinator, CommitteeSettings settings) {
        super(persistenceId(view.nodeId()));
        this.context = context;
        this.timers = timers;
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.view = view;
        this.coordinator = coordinator;
        this.settings = settings;
    }

    /** The member of the node {@code view} describes, whose node API is at {@code apiUrl}. */
    public static Behavior<Command> create(String apiUrl, LiveCommitteeView view,
            ActorRef<EpochCoordinator.Command> coordinator, CommitteeSettings settings) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new CommitteeMember(context, timers, apiUrl, view, coordinator, settings)));
    }

    /** {@code committee-member-<nodeId>}: one journal per node, in the node's own LevelDB. */
    public static PersistenceId persistenceId(String nodeId) {
        return PersistenceId.ofUniqueId("committee-member-" + nodeId);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(AnnounceSelf.class, this::onAnnounceSelf)
                .onCommand(ProposeEpoch.class, this::onProposeEpoch)
                .onCommand(CommitEpoch.class, this::onCommitEpoch)
                .onCommand(GetCommittee.class, (state, command) ->
                        Effect().reply(command.replyTo(), new CurrentCommittee(nodeId(), state.committed())))
                .onCommand(GetPromise.class, (state, command) -> Effect().reply(command.replyTo(),
                        new Promise(nodeId(), state.promised(), state.accepted(), state.committed())))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.class, (state, signal) -> {
                    context.getLog().info("committee member recovered nodeId={} epoch={} promised={}", nodeId(),
                            state.epoch(), state.promised().map(Ballot::toString).orElse("none"));
                    state.committed().ifPresent(view::advanceTo);
                    scheduleAnnouncements(state);
                })
                .build();
    }

    private String nodeId() {
        return view.nodeId();
    }

    private Effect<Event, State> onAnnounceSelf(State state, AnnounceSelf command) {
        coordinator.tell(new EpochCoordinator.Announce(nodeId(), view.keys().publicKey(), apiUrl, context.getSelf()));
        return Effect().none();
    }

    private Effect<Event, State> onProposeEpoch(State state, ProposeEpoch command) {
        Optional<String> rejection = state.rejection(command.ballot(), command.committee());
        if (rejection.isPresent()) {
            context.getLog().info("proposal rejected nodeId={} ballot={} epoch={} reason=\"{}\"", nodeId(),
                    command.ballot(), command.committee().epoch(), rejection.get());
            return Effect().reply(command.replyTo(),
                    new ProposalRejected(nodeId(), command.ballot(), state.promised(), rejection.get()));
        }
        ProposalAccepted accepted = new ProposalAccepted(nodeId(), command.ballot(), command.committee().epoch());
        boolean alreadyCommitted = command.committee().epoch() == state.epoch();
        boolean alreadyAccepted = state.accepted().equals(Optional.of(new Proposal(command.ballot(),
                command.committee())));
        if (alreadyCommitted || alreadyAccepted) {
            return Effect().reply(command.replyTo(), accepted);
        }
        return Effect().persist(new EpochAccepted(command.ballot(), command.committee()))
                .thenRun(newState -> context.getLog().info("proposal accepted nodeId={} ballot={} epoch={}",
                        nodeId(), command.ballot(), command.committee().epoch()))
                .thenReply(command.replyTo(), newState -> accepted);
    }

    private Effect<Event, State> onCommitEpoch(State state, CommitEpoch command) {
        Committee committee = command.committee();
        if (committee.epoch() <= state.epoch()) {
            if (committee.epoch() == state.epoch() && !state.committed().orElseThrow().equals(committee)) {
                context.getLog().error("conflicting commit ignored nodeId={} epoch={}: this member committed"
                        + " another committee for that epoch", nodeId(), committee.epoch());
            }
            return Effect().reply(command.replyTo(), new EpochCommitAcknowledged(nodeId(), state.epoch()));
        }
        return Effect().persist(new EpochCommitted(committee))
                .thenRun(newState -> {
                    context.getLog().info("epoch committed nodeId={} epoch={} ownShards={}", nodeId(),
                            committee.epoch(), committee.memberById(nodeId()).map(m -> m.shards().size()).orElse(0));
                    view.advanceTo(committee);
                    scheduleAnnouncements(newState);
                })
                .thenReply(command.replyTo(), newState -> new EpochCommitAcknowledged(nodeId(), newState.epoch()));
    }

    /** Announces now, then every announce interval: short until a committee includes this node, long after. */
    private void scheduleAnnouncements(State state) {
        Duration interval = state.includes(nodeId()) ? settings.memberAnnounceInterval() : settings.announceInterval();
        if (interval.equals(announceInterval)) {
            return;
        }
        announceInterval = interval;
        context.getSelf().tell(AnnounceSelf.INSTANCE);
        timers.startTimerWithFixedDelay(ANNOUNCE_TIMER, AnnounceSelf.INSTANCE, interval);
    }
}
