package io.floe.node;

import io.floe.epoch.Ballot;
import io.floe.epoch.EpochCoordinator;
import io.floe.epoch.EpochRecord;
import io.floe.epoch.Proposal;
import io.floe.protocol.committee.Committee;
import io.floe.serialization.FloeMessage;
import io.floe.settings.CommitteeSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * One per node: this node's part in the epoch protocol, journaled in the node's own LevelDB. It is a Paxos acceptor
 * for the next epoch: it promises ({@link PrepareEpoch}) never to accept a ballot below the highest it has seen,
 * accepts proposals at or above its promise, and persists every epoch it is told is committed, in order, moving the
 * {@link LiveCommitteeView} with each. It records when this node holds all its shards of an epoch and when an epoch
 * change is done, and announces itself to the {@link EpochCoordinator} — often until a committee includes it, then
 * now and then so that a new coordinator incarnation finds it. Everything a new coordinator needs to finish an epoch
 * change is in {@link GetPromise}'s answer.
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

    /** Phase 1: promise to accept no ballot below {@code ballot}; the answer is the member's {@link Promise}. */
    public record PrepareEpoch(Ballot ballot, ActorRef<Promise> replyTo) implements Command, FloeMessage {
    }

    /** Phase 2: accept {@code record} as the next epoch under {@code ballot}, if the ballot is not below the promise. */
    public record ProposeEpoch(Ballot ballot, EpochRecord record, ActorRef<ProposalReply> replyTo)
            implements Command, FloeMessage {
    }

    /**
     * {@code record} was accepted by a quorum: persist it and make it the current epoch. A member that is more than
     * one epoch behind keeps its epoch and says so in the acknowledgement, so that it is sent the missing ones first.
     */
    public record CommitEpoch(EpochRecord record, ActorRef<EpochCommitAcknowledged> replyTo)
            implements Command, FloeMessage {
    }

    /** Asks for the committee this member knows as current. */
    public record GetCommittee(ActorRef<CurrentCommittee> replyTo) implements Command, FloeMessage {
    }

    /** Asks for this member's promise, accepted proposal, committed epoch and progress, without changing them. */
    public record GetPromise(ActorRef<Promise> replyTo) implements Command, FloeMessage {
    }

    /** Asks for the committed epochs from {@code fromEpoch} on, to catch up another member. */
    public record GetCommittees(long fromEpoch, ActorRef<CommitteeHistory> replyTo) implements Command, FloeMessage {
    }

    /** The coordinator declares the change to {@code epoch} done: members holding a quorum of shards hold theirs. */
    public record MarkEpochChangeDone(long epoch) implements Command, FloeMessage {
    }

    /** The data plane reports that this node holds every shard it owns in {@code epoch} (local only). */
    public record ShardsSynced(long epoch) implements Command, NoSerializationVerificationNeeded {
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

    /** The member has committed epoch {@code epoch} (its latest, which may be earlier or later than the one sent). */
    public record EpochCommitAcknowledged(String nodeId, long epoch) implements FloeMessage {
    }

    /** The committee this member knows as current; empty before the first commit. */
    public record CurrentCommittee(String nodeId, Optional<Committee> committee) implements FloeMessage {
    }

    /** Committed epochs a member holds, ascending. */
    public record CommitteeHistory(String nodeId, List<EpochRecord> epochs) implements FloeMessage {
        public CommitteeHistory {
            epochs = List.copyOf(epochs);
        }
    }

    /**
     * What a member has promised and accepted, the latest epoch it committed, the latest epoch in which it holds all
     * its shards, and the latest epoch change it knows to be done.
     */
    public record Promise(String nodeId, Optional<Ballot> promised, Optional<Proposal> accepted,
            Optional<EpochRecord> committed, long syncedEpoch, long doneEpoch) implements FloeMessage {

        /** A member that has nothing yet. */
        public static Promise empty(String nodeId) {
            return new Promise(nodeId, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0);
        }

        /** The committed epoch, 0 before the first commit. */
        public long committedEpoch() {
            return committed.map(EpochRecord::epoch).orElse(0L);
        }
    }

    /** What the member journals. */
    public sealed interface Event extends FloeMessage {
    }

    /** The member promised to accept no ballot below {@code ballot}. */
    public record EpochPromised(Ballot ballot) implements Event {
    }

    /** The member accepted {@code record} under {@code ballot} and promised not to accept lower ballots. */
    public record EpochAccepted(Ballot ballot, EpochRecord record) implements Event {
    }

    /** The member learnt that {@code record} is committed. */
    public record EpochCommitted(EpochRecord record) implements Event {
    }

    /** This node holds every shard it owns in {@code epoch}. */
    public record ShardsSyncedRecorded(long epoch) implements Event {
    }

    /** The change to {@code epoch} is done. */
    public record EpochChangeDoneRecorded(long epoch) implements Event {
    }

    /**
     * The member's state: every committed epoch by number, the highest ballot it promised, its uncommitted proposal,
     * and the latest epochs it synced and knows done.
     */
    public record State(SortedMap<Long, EpochRecord> history, Optional<Ballot> promised, Optional<Proposal> accepted,
            long syncedEpoch, long doneEpoch) {
        static final State EMPTY = new State(Collections.emptySortedMap(), Optional.empty(), Optional.empty(), 0, 0);

        /** The latest committed epoch, if any. */
        public Optional<EpochRecord> committed() {
            return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.lastKey()));
        }

        /** The committed epoch, 0 before the first commit. */
        public long epoch() {
            return history.isEmpty() ? 0 : history.lastKey();
        }

        /** Whether the committed committee lists {@code nodeId}. */
        public boolean includes(String nodeId) {
            return committed().flatMap(record -> record.committee().memberById(nodeId)).isPresent();
        }

        Promise promise(String nodeId) {
            return new Promise(nodeId, promised, accepted, committed(), syncedEpoch, doneEpoch);
        }

        /** Why this member must refuse {@code record} under {@code ballot}; empty if it may accept. */
        Optional<String> rejection(Ballot ballot, EpochRecord record) {
            if (promised.isPresent() && ballot.compareTo(promised.get()) < 0) {
                return Optional.of("ballot " + ballot + " is below this member's promise " + promised.get());
            }
            Optional<EpochRecord> same = Optional.ofNullable(history.get(record.epoch()));
            if (record.epoch() == epoch() + 1 || same.filter(record::equals).isPresent()) {
                return Optional.empty();
            }
            if (same.isPresent()) {
                return Optional.of("epoch " + record.epoch() + " is already committed with another committee");
            }
            return Optional.of("epoch " + record.epoch() + " is not the next epoch; this member has committed"
                    + " epoch " + epoch());
        }

        State apply(Event event) {
            if (event instanceof EpochPromised promisedEvent) {
                return new State(history, Optional.of(max(promisedEvent.ballot())), accepted, syncedEpoch, doneEpoch);
            }
            if (event instanceof EpochAccepted acceptedEvent) {
                return new State(history, Optional.of(max(acceptedEvent.ballot())),
                        Optional.of(new Proposal(acceptedEvent.ballot(), acceptedEvent.record())), syncedEpoch,
                        doneEpoch);
            }
            if (event instanceof EpochCommitted committedEvent) {
                TreeMap<Long, EpochRecord> next = new TreeMap<>(history);
                next.put(committedEvent.record().epoch(), committedEvent.record());
                long epoch = next.lastKey();
                return new State(Collections.unmodifiableSortedMap(next), promised,
                        accepted.filter(proposal -> proposal.epoch() > epoch), syncedEpoch, doneEpoch);
            }
            if (event instanceof ShardsSyncedRecorded synced) {
                return new State(history, promised, accepted, Math.max(syncedEpoch, synced.epoch()), doneEpoch);
            }
            long done = ((EpochChangeDoneRecorded) event).epoch();
            return new State(history, promised, accepted, syncedEpoch, Math.max(doneEpoch, done));
        }

        private Ballot max(Ballot ballot) {
            return promised.filter(p -> p.compareTo(ballot) > 0).orElse(ballot);
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

    /**
     * The member of the node {@code view} describes, whose node API is at {@code apiUrl}; the view's
     * {@link LiveCommitteeView#shardsSynced} reports come to it.
     */
    public static Behavior<Command> create(String apiUrl, LiveCommitteeView view,
            ActorRef<EpochCoordinator.Command> coordinator, CommitteeSettings settings) {
        return Behaviors.setup(context -> {
            view.onShardsSynced(epoch -> context.getSelf().tell(new ShardsSynced(epoch)));
            return Behaviors.withTimers(
                    timers -> new CommitteeMember(context, timers, apiUrl, view, coordinator, settings));
        });
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
                .onCommand(PrepareEpoch.class, this::onPrepareEpoch)
                .onCommand(ProposeEpoch.class, this::onProposeEpoch)
                .onCommand(CommitEpoch.class, this::onCommitEpoch)
                .onCommand(MarkEpochChangeDone.class, this::onMarkEpochChangeDone)
                .onCommand(ShardsSynced.class, this::onShardsSynced)
                .onCommand(GetCommittee.class, (state, command) -> Effect().reply(command.replyTo(),
                        new CurrentCommittee(nodeId(), state.committed().map(EpochRecord::committee))))
                .onCommand(GetPromise.class, (state, command) ->
                        Effect().reply(command.replyTo(), state.promise(nodeId())))
                .onCommand(GetCommittees.class, (state, command) -> Effect().reply(command.replyTo(),
                        new CommitteeHistory(nodeId(), List.copyOf(
                                state.history().tailMap(Math.max(0, command.fromEpoch())).values()))))
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
                    context.getLog().info("committee member recovered nodeId={} epoch={} promised={} synced={}"
                            + " done={}", nodeId(), state.epoch(), state.promised().map(Ballot::toString)
                            .orElse("none"), state.syncedEpoch(), state.doneEpoch());
                    // The latest first: listeners hear of the current epoch only; earlier ones are just kept.
                    for (long epoch : state.history().keySet().stream().sorted(Collections.reverseOrder()).toList()) {
                        view.recordStart(epoch, state.history().get(epoch).start());
                        view.advanceTo(state.history().get(epoch).committee());
                    }
                    if (state.doneEpoch() > 0) {
                        view.markEpochChangeDone(state.doneEpoch());
                    }
                    state.committed().ifPresent(record -> reportIfNothingToReceive(state, record));
                    scheduleAnnouncements(state);
                })
                .build();
    }

    private String nodeId() {
        return view.nodeId();
    }

    private Effect<Event, State> onAnnounceSelf(State state, AnnounceSelf command) {
        coordinator.tell(new EpochCoordinator.Announce(nodeId(), view.keys().publicKey(), apiUrl,
                settings.nodeWeight(), context.getSelf()));
        return Effect().none();
    }

    private Effect<Event, State> onPrepareEpoch(State state, PrepareEpoch command) {
        if (state.promised().filter(promised -> promised.compareTo(command.ballot()) >= 0).isPresent()) {
            if (!state.promised().get().equals(command.ballot())) {
                context.getLog().info("prepare rejected nodeId={} ballot={} promised={}", nodeId(), command.ballot(),
                        state.promised().get());
            }
            return Effect().reply(command.replyTo(), state.promise(nodeId()));
        }
        return Effect().persist(new EpochPromised(command.ballot()))
                .thenRun(newState -> context.getLog().info("ballot promised nodeId={} ballot={} epoch={}", nodeId(),
                        command.ballot(), newState.epoch()))
                .thenReply(command.replyTo(), newState -> newState.promise(nodeId()));
    }

    private Effect<Event, State> onProposeEpoch(State state, ProposeEpoch command) {
        EpochRecord record = command.record();
        Optional<String> rejection = state.rejection(command.ballot(), record);
        if (rejection.isPresent()) {
            context.getLog().info("proposal rejected nodeId={} ballot={} epoch={} reason=\"{}\"", nodeId(),
                    command.ballot(), record.epoch(), rejection.get());
            return Effect().reply(command.replyTo(),
                    new ProposalRejected(nodeId(), command.ballot(), state.promised(), rejection.get()));
        }
        ProposalAccepted accepted = new ProposalAccepted(nodeId(), command.ballot(), record.epoch());
        boolean alreadyCommitted = record.epoch() <= state.epoch();
        boolean alreadyAccepted = state.accepted().equals(Optional.of(new Proposal(command.ballot(), record)));
        if (alreadyCommitted || alreadyAccepted) {
            return Effect().reply(command.replyTo(), accepted);
        }
        return Effect().persist(new EpochAccepted(command.ballot(), record))
                .thenRun(newState -> context.getLog().info("proposal accepted nodeId={} ballot={} epoch={}",
                        nodeId(), command.ballot(), record.epoch()))
                .thenReply(command.replyTo(), newState -> accepted);
    }

    private Effect<Event, State> onCommitEpoch(State state, CommitEpoch command) {
        EpochRecord record = command.record();
        long epoch = record.epoch();
        boolean next = epoch == state.epoch() + 1 || state.epoch() == 0;
        if (!next) {
            EpochRecord known = state.history().get(epoch);
            if (known != null && !known.committee().equals(record.committee())) {
                context.getLog().error("conflicting commit ignored nodeId={} epoch={}: this member committed"
                        + " another committee for that epoch", nodeId(), epoch);
            } else if (epoch > state.epoch()) {
                context.getLog().info("commit deferred nodeId={} epoch={} committed={}: earlier epochs first",
                        nodeId(), epoch, state.epoch());
            }
            return Effect().reply(command.replyTo(), new EpochCommitAcknowledged(nodeId(), state.epoch()));
        }
        return Effect().persist(new EpochCommitted(record))
                .thenRun(newState -> {
                    context.getLog().info("epoch committed nodeId={} epoch={} ownShards={} start={}", nodeId(),
                            epoch, view.shardsIn(record.committee()).size(), record.start());
                    view.recordStart(epoch, record.start());
                    view.advanceTo(record.committee());
                    reportIfNothingToReceive(newState, record);
                    scheduleAnnouncements(newState);
                })
                .thenReply(command.replyTo(), newState -> new EpochCommitAcknowledged(nodeId(), newState.epoch()));
    }

    private Effect<Event, State> onShardsSynced(State state, ShardsSynced command) {
        if (command.epoch() <= state.syncedEpoch() || command.epoch() > state.epoch()) {
            if (command.epoch() > state.epoch()) {
                context.getLog().warn("shards-synced report ignored nodeId={} epoch={}: committed epoch is {}",
                        nodeId(), command.epoch(), state.epoch());
            }
            return Effect().none();
        }
        return Effect().persist(new ShardsSyncedRecorded(command.epoch()))
                .thenRun(newState -> context.getLog().info("shards synced nodeId={} epoch={}", nodeId(),
                        command.epoch()));
    }

    private Effect<Event, State> onMarkEpochChangeDone(State state, MarkEpochChangeDone command) {
        if (command.epoch() <= state.doneEpoch() || command.epoch() > state.epoch()) {
            return Effect().none();
        }
        return Effect().persist(new EpochChangeDoneRecorded(command.epoch()))
                .thenRun(newState -> view.markEpochChangeDone(command.epoch()));
    }

    /** The one fallback for shards that do not move: see {@link UnmovedShards}. */
    private void reportIfNothingToReceive(State state, EpochRecord record) {
        Optional<Committee> previous = Optional.ofNullable(state.history().get(record.epoch() - 1))
                .map(EpochRecord::committee);
        if (state.syncedEpoch() < record.epoch()
                && UnmovedShards.holdsAllAtOnce(nodeId(), previous, record.committee(), state.syncedEpoch())) {
            context.getSelf().tell(new ShardsSynced(record.epoch()));
        }
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
