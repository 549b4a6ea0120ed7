package io.floe.epoch;

import io.floe.node.CommitteeMember;
import io.floe.node.CommitteeMember.Promise;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.serialization.FloeMessage;
import io.floe.settings.CommitteeSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cluster singleton that drives epoch changes as a Paxos proposer. The acceptors of epoch {@code e + 1} are the
 * members of committee {@code e} (for genesis, the initial members): the coordinator picks a ballot above every one it
 * has seen, gathers promises ({@link CommitteeMember.PrepareEpoch}) from members holding more than {@code 2f} shards,
 * re-proposes the highest-ballot proposal any of them accepted for that epoch (or else a new committee), and commits
 * once members holding more than {@code 2f} shards have accepted it. It keeps nothing that only it knows: every tick it
 * polls the members, adopts the latest committed epoch any of them holds, catches up members behind it one epoch at a
 * time, and declares an epoch change done once members holding a quorum of shards, every member that gained a shard
 * among them, report their shards synced. The
 * next epoch is due one epoch duration after the current one started, or at once when an operator asks.
 */
public final class EpochCoordinator extends AbstractBehavior<EpochCoordinator.Command> {

    /** What the coordinator handles. */
    public sealed interface Command {
    }

    /** A node's member tells who it is: id, key, node API URL, weight in the shard balance, and its reference. */
    public record Announce(String nodeId, NodePublicKey publicKey, String apiUrl, int weight,
            ActorRef<CommitteeMember.Command> member) implements Command, FloeMessage {
        public Announce {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(member, "member");
            if (weight < 0) {
                throw new IllegalArgumentException("node " + nodeId + " announced weight " + weight);
            }
        }
    }

    /** An operator asks for the next epoch now (it still waits until the current epoch change is done). */
    public record TriggerEpochChange(ActorRef<EpochChangeRequested> replyTo) implements Command, FloeMessage {
    }

    /** The answer to {@link TriggerEpochChange}: the epoch being prepared, or why the request was refused. */
    public record EpochChangeRequested(long epoch, String refusal) implements FloeMessage {
        /** Whether the change was accepted. */
        public boolean accepted() {
            return refusal.isEmpty();
        }
    }

    private enum Tick implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record StatusReceived(Promise status) implements Command, NoSerializationVerificationNeeded {
    }

    private record PrepareAnswered(Ballot asked, Promise promise) implements Command, NoSerializationVerificationNeeded {
    }

    private record ProposalAnswered(CommitteeMember.ProposalReply reply)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record CommitAcknowledged(CommitteeMember.EpochCommitAcknowledged acknowledgement)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record HistoryReceived(CommitteeMember.CommitteeHistory history)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record CommitNow(Ballot ballot) implements Command, NoSerializationVerificationNeeded {
    }

    private record NoAnswer(String nodeId, String request, Throwable cause)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** One ballot's attempt to decide {@code epoch}: its promises, then its proposal and who accepted it. */
    private static final class Attempt {
        final long epoch;
        final Ballot ballot;
        final Acceptors acceptors;
        final Map<String, Promise> promisedBy = new HashMap<>();
        final Set<String> acceptedBy = new HashSet<>();
        Proposal proposal;
        boolean committing;
        int ticks;

        Attempt(long epoch, Ballot ballot, Acceptors acceptors) {
            this.epoch = epoch;
            this.ballot = ballot;
            this.acceptors = acceptors;
        }
    }

    private final String nodeId;
    private final CommitteeSettings settings;
    private final Clock clock;
    private final Membership membership;
    private final TimerScheduler<Command> timers;
    private final long startedNanos = System.nanoTime();
    private final Map<String, Announce> announced = new TreeMap<>();
    private final Map<String, Promise> statuses = new HashMap<>();
    private final TreeMap<Long, EpochRecord> history = new TreeMap<>();
    private EpochRecord latest;
    private long doneEpoch;
    private Ballot highest = new Ballot(0, "");
    private Attempt attempt;
    private boolean changeRequested;
    private long ticks;
    private long waitingLoggedFor;

    private EpochCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, String nodeId,
            CommitteeSettings settings, Clock clock, Membership membership) {
        super(context);
        this.timers = timers;
        this.nodeId = nodeId;
        this.settings = settings;
        this.clock = clock;
        this.membership = membership;
    }

    /** The coordinator as the singleton runs it on node {@code nodeId} (its ballots carry that id). */
    public static Behavior<Command> create(String nodeId, CommitteeSettings settings) {
        return Behaviors.setup(context -> start(context, nodeId, settings, Clock.systemUTC(),
                new ClusterMembership(context.getSystem(), settings.downAfter())));
    }

    /** A coordinator with its own clock and view of the cluster: for tests. */
    public static Behavior<Command> create(String nodeId, CommitteeSettings settings, Clock clock,
            Membership membership) {
        return Behaviors.setup(context -> start(context, nodeId, settings, clock, membership));
    }

    private static Behavior<Command> start(ActorContext<Command> context, String nodeId, CommitteeSettings settings,
            Clock clock, Membership membership) {
        return Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.coordinatorTickInterval());
            context.getLog().info("epoch coordinator started nodeId={} initialMembers={} shards={} epochDuration={}",
                    nodeId, settings.initialMembers(), settings.shardCount(), settings.epochDuration());
            return new EpochCoordinator(context, timers, nodeId, settings, clock, membership);
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Announce.class, this::onAnnounce)
                .onMessage(TriggerEpochChange.class, this::onTrigger)
                .onMessage(Tick.class, tick -> onTick())
                .onMessage(StatusReceived.class, received -> {
                    onStatus(received.status());
                    return this;
                })
                .onMessage(PrepareAnswered.class, this::onPrepareAnswered)
                .onMessage(ProposalAnswered.class, answered -> onProposalReply(answered.reply()))
                .onMessage(CommitAcknowledged.class, this::onCommitAcknowledged)
                .onMessage(HistoryReceived.class, this::onHistory)
                .onMessage(CommitNow.class, this::onCommitNow)
                .onMessage(NoAnswer.class, this::onNoAnswer)
                .build();
    }

    private Behavior<Command> onAnnounce(Announce announce) {
        Announce previous = announced.put(announce.nodeId(), announce);
        if (previous == null || !previous.member().equals(announce.member())) {
            getContext().getLog().info("member announced nodeId={} member={} weight={}", announce.nodeId(),
                    announce.member().path(), announce.weight());
            statuses.remove(announce.nodeId());
            askStatus(announce);
        }
        return this;
    }

    private Behavior<Command> onTrigger(TriggerEpochChange trigger) {
        if (latest == null) {
            trigger.replyTo().tell(new EpochChangeRequested(0, "no committee yet: genesis forms once every node of"
                    + " floe.initial-members has announced itself; retry then"));
            return this;
        }
        changeRequested = true;
        long epoch = attempt != null ? attempt.epoch : latest.epoch() + 1;
        getContext().getLog().info("epoch change requested epoch={} current={} previousChangeDone={}", epoch,
                latest.epoch(), doneEpoch >= latest.epoch());
        trigger.replyTo().tell(new EpochChangeRequested(epoch, ""));
        if (attempt == null && ticks > 1) {
            maybeStart(clock.instant());
        }
        return this;
    }

    private Behavior<Command> onTick() {
        ticks++;
        Instant now = clock.instant();
        membership.refresh(now);
        forgetGoneMembers();
        announced.values().forEach(this::askStatus);
        if (attempt == null) {
            if (ticks > 1) { // one round of statuses first, so a restarted coordinator adopts what is committed
                maybeStart(now);
            }
        } else if (!attempt.committing) {
            if (attempt.proposal != null || !waitingForAnnouncements(now)) {
                attempt.ticks++;
            }
            if (attempt.ticks > settings.maxProposalAttempts()) {
                getContext().getLog().warn("epoch change abandoned epoch={} ballot={} promisedBy={} acceptedBy={}:"
                        + " no quorum after {} ticks; starting over with a higher ballot", attempt.epoch,
                        attempt.ballot, attempt.promisedBy.keySet(), attempt.acceptedBy, attempt.ticks - 1);
                attempt = null;
            } else {
                drive(now);
            }
        }
        return this;
    }

    private void forgetGoneMembers() {
        List<String> gone = announced.values().stream().filter(a -> membership.isGone(a.member()))
                .map(Announce::nodeId).toList();
        for (String id : gone) {
            getContext().getLog().info("member gone from the cluster nodeId={}", id);
            announced.remove(id);
            statuses.remove(id);
        }
    }

    // ---- what the members report ----

    private void onStatus(Promise status) {
        if (!announced.containsKey(status.nodeId())) {
            return;
        }
        statuses.put(status.nodeId(), status);
        status.promised().ifPresent(this::see);
        status.accepted().map(Proposal::ballot).ifPresent(this::see);
        status.committed().ifPresent(this::adopt);
        if (latest != null && status.doneEpoch() > doneEpoch && status.doneEpoch() <= latest.epoch()) {
            doneEpoch = status.doneEpoch();
        }
        catchUp(status.nodeId(), status.committedEpoch());
        if (doneEpoch > status.doneEpoch() && status.committedEpoch() >= doneEpoch) {
            announced.get(status.nodeId()).member().tell(new CommitteeMember.MarkEpochChangeDone(doneEpoch));
        }
        checkDone();
    }

    private void see(Ballot ballot) {
        if (ballot.compareTo(highest) > 0) {
            highest = ballot;
        }
    }

    /** Takes {@code record} as committed; if it is later than what the coordinator knew, it becomes the latest. */
    private void adopt(EpochRecord record) {
        history.putIfAbsent(record.epoch(), record);
        if (latest != null && record.epoch() <= latest.epoch()) {
            return;
        }
        getContext().getLog().info("committed epoch adopted epoch={} members={} start={}", record.epoch(),
                record.committee().members().size(), record.start());
        latest = record;
        if (attempt != null && attempt.epoch <= record.epoch()) {
            attempt = null;
        }
    }

    /** Sends a member behind the latest epoch the next epoch it misses (a new node: the one before the latest first). */
    private void catchUp(String memberId, long memberEpoch) {
        Announce announce = announced.get(memberId);
        if (latest == null || memberEpoch >= latest.epoch() || announce == null) {
            return;
        }
        long next = memberEpoch == 0 ? Math.max(1, latest.epoch() - 1) : memberEpoch + 1;
        EpochRecord record = history.get(next);
        if (record == null) {
            requestHistory(next, memberId);
            return;
        }
        sendCommit(announce, record);
    }

    private void requestHistory(long fromEpoch, String behind) {
        statuses.values().stream()
                .filter(status -> !status.nodeId().equals(behind) && status.committedEpoch() >= fromEpoch)
                .map(status -> announced.get(status.nodeId()))
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(source -> getContext().ask(CommitteeMember.CommitteeHistory.class, source.member(),
                        settings.askTimeout(), replyTo -> new CommitteeMember.GetCommittees(fromEpoch, replyTo),
                        (history, failure) -> history != null ? new HistoryReceived(history)
                                : new NoAnswer(source.nodeId(), "committees", failure)));
    }

    private Behavior<Command> onHistory(HistoryReceived received) {
        received.history().epochs().forEach(record -> history.putIfAbsent(record.epoch(), record));
        getContext().getLog().debug("committee history received from nodeId={} epochs={}",
                received.history().nodeId(), received.history().epochs().size());
        return this;
    }

    private void sendCommit(Announce announce, EpochRecord record) {
        getContext().ask(CommitteeMember.EpochCommitAcknowledged.class, announce.member(), settings.askTimeout(),
                replyTo -> new CommitteeMember.CommitEpoch(record, replyTo),
                (ack, failure) -> ack != null ? new CommitAcknowledged(ack)
                        : new NoAnswer(announce.nodeId(), "commit", failure));
    }

    private Behavior<Command> onCommitAcknowledged(CommitAcknowledged acknowledged) {
        CommitteeMember.EpochCommitAcknowledged ack = acknowledged.acknowledgement();
        getContext().getLog().debug("commit acknowledged nodeId={} epoch={}", ack.nodeId(), ack.epoch());
        catchUp(ack.nodeId(), ack.epoch());
        return this;
    }

    /**
     * Declares the latest epoch change done once members holding a quorum of its shards hold all their shards, and
     * every member that gained a shard in it is among them: the previous owners delete the shards they gave away
     * once the change is done, so it must not be declared while a new owner may still be pulling one from them.
     * (A gainer that never reports holds the change open; the next epoch then goes ahead after a full epoch's wait,
     * and the old owners keep the shards until a later change is done.)
     */
    private void checkDone() {
        if (latest == null || doneEpoch >= latest.epoch()) {
            return;
        }
        long epoch = latest.epoch();
        Set<String> synced = statuses.values().stream().filter(status -> status.syncedEpoch() >= epoch)
                .map(Promise::nodeId).collect(Collectors.toSet());
        Acceptors members = Acceptors.of(latest.committee());
        if (!members.isQuorum(synced)) {
            return;
        }
        Set<String> gainers = gainers(history.get(epoch - 1), latest.committee());
        if (!synced.containsAll(gainers)) {
            return;
        }
        doneEpoch = epoch;
        getContext().getLog().info("epoch change done epoch={} syncedBy={} weight={} of {} gainers={}", epoch, synced,
                members.weightOf(synced), members.shards(), gainers);
        announced.values().forEach(a -> a.member().tell(new CommitteeMember.MarkEpochChangeDone(epoch)));
    }

    /** The members of {@code next} that own a shard they did not own in {@code previous} (none for genesis). */
    static Set<String> gainers(EpochRecord previous, Committee next) {
        if (previous == null) {
            return Set.of();
        }
        Set<String> gainers = new java.util.TreeSet<>();
        for (io.floe.protocol.committee.CommitteeMember member : next.members()) {
            List<Integer> before = previous.committee().memberById(member.nodeId())
                    .map(io.floe.protocol.committee.CommitteeMember::shards).orElse(List.of());
            if (!before.containsAll(member.shards())) {
                gainers.add(member.nodeId());
            }
        }
        return gainers;
    }

    // ---- deciding the next epoch ----

    /** Starts deciding the next epoch when it is due (or asked for) and the current change is done. */
    private void maybeStart(Instant now) {
        if (latest == null) {
            boolean allAnnounced = announced.keySet().containsAll(settings.initialMembers());
            boolean halfDone = statuses.values().stream().anyMatch(status -> status.accepted().isPresent());
            if (!allAnnounced && !halfDone) {
                return; // nothing to decide yet: genesis needs every initial member's key
            }
            attempt = new Attempt(1, nextBallot(), Acceptors.genesis(settings.shardCount(), settings.initialMembers()));
            drive(now);
            return;
        }
        long epoch = latest.epoch();
        Duration duration = settings.epochDuration();
        Instant due = latest.nextDue(duration);
        boolean halfDone = statuses.values().stream()
                .anyMatch(status -> status.accepted().filter(proposal -> proposal.epoch() == epoch + 1).isPresent());
        if (!halfDone && !changeRequested && now.isBefore(due)) {
            return;
        }
        if (!halfDone && doneEpoch < epoch) {
            Instant giveUp = due.plus(duration);
            if (now.isBefore(giveUp)) {
                if (waitingLoggedFor != epoch) {
                    waitingLoggedFor = epoch;
                    getContext().getLog().info("next epoch waits until the change to epoch {} is done (at most until"
                            + " {})", epoch, giveUp);
                }
                return;
            }
            getContext().getLog().warn("epoch change to {} not done one epoch after the next was due; proposing"
                    + " epoch {} anyway (members lagging behind keep syncing)", epoch, epoch + 1);
        }
        changeRequested = false;
        attempt = new Attempt(epoch + 1, nextBallot(), Acceptors.of(latest.committee()));
        getContext().getLog().info("epoch change started epoch={} ballot={} finishing={}", attempt.epoch,
                attempt.ballot, halfDone);
        drive(now);
    }

    private Ballot nextBallot() {
        highest = highest.next(nodeId);
        return highest;
    }

    /** Moves the attempt on: promises until a quorum has promised, then the proposal until a quorum has accepted. */
    private void drive(Instant now) {
        if (attempt.proposal == null) {
            if (attempt.acceptors.isQuorum(attempt.promisedBy.keySet())) {
                choose(now);
            }
            if (attempt.proposal == null) {
                sendPrepares();
                return;
            }
        }
        sendProposals();
    }

    private void sendPrepares() {
        Attempt current = attempt;
        for (String acceptor : current.acceptors.weights().keySet()) {
            Announce announce = announced.get(acceptor);
            if (announce == null || current.promisedBy.containsKey(acceptor)) {
                continue;
            }
            getContext().ask(Promise.class, announce.member(), settings.askTimeout(),
                    replyTo -> new CommitteeMember.PrepareEpoch(current.ballot, replyTo),
                    (promise, failure) -> promise != null ? new PrepareAnswered(current.ballot, promise)
                            : new NoAnswer(acceptor, "prepare", failure));
        }
    }

    private Behavior<Command> onPrepareAnswered(PrepareAnswered answered) {
        Promise promise = answered.promise();
        onStatus(promise);
        if (attempt == null || !attempt.ballot.equals(answered.asked()) || attempt.proposal != null) {
            return this;
        }
        if (promise.promised().equals(Optional.of(answered.asked()))) {
            attempt.promisedBy.put(promise.nodeId(), promise);
            if (attempt.acceptors.isQuorum(attempt.promisedBy.keySet())) {
                drive(clock.instant());
            }
        } else if (promise.promised().filter(p -> p.compareTo(answered.asked()) > 0).isPresent()) {
            getContext().getLog().info("prepare refused by nodeId={} ballot={} promised={}; starting over above it",
                    promise.nodeId(), answered.asked(), promise.promised().get());
            attempt = null;
        }
        return this;
    }

    /** The value of the attempt: the highest-ballot proposal a promising member accepted for its epoch, or a new one. */
    private void choose(Instant now) {
        long epoch = attempt.epoch;
        Optional<Proposal> recovered = attempt.promisedBy.values().stream()
                .flatMap(promise -> promise.accepted().stream())
                .filter(proposal -> proposal.epoch() == epoch)
                .max(Comparator.comparing(Proposal::ballot));
        Optional<EpochRecord> value = recovered.map(Proposal::record).or(() -> fresh(epoch, now));
        if (value.isEmpty()) {
            return;
        }
        attempt.proposal = new Proposal(attempt.ballot, value.get());
        Committee committee = value.get().committee();
        getContext().getLog().info("proposing epoch={} ballot={} recovered={} members={} shards={} promisedBy={}",
                epoch, attempt.ballot, recovered.isPresent(),
                committee.members().stream().map(m -> m.nodeId() + ":" + m.weight()).toList(), committee.shards(),
                attempt.promisedBy.keySet());
    }

    /** A new value for {@code epoch}: genesis once all initial members announced, else the next committee. */
    private Optional<EpochRecord> fresh(long epoch, Instant now) {
        if (epoch == 1) {
            List<String> nodeIds = settings.initialMembers().stream().sorted().toList();
            List<String> missing = nodeIds.stream().filter(id -> !announced.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                getContext().getLog().debug("genesis waiting for initial members missing={}", missing);
                return Optional.empty();
            }
            ShardAssignment assignment = ShardAssignment.genesis(settings.shardCount(), nodeIds);
            List<io.floe.protocol.committee.CommitteeMember> members = new ArrayList<>();
            for (String id : nodeIds) {
                Announce announce = announced.get(id);
                members.add(new io.floe.protocol.committee.CommitteeMember(id, announce.publicKey(),
                        announce.apiUrl(), assignment.shardsOf(id)));
            }
            return Optional.of(new EpochRecord(new Committee(1, members), now));
        }
        if (waitingForAnnouncements(now)) {
            return Optional.empty();
        }
        List<NextCommittee.Candidate> candidates = announced.values().stream()
                .filter(a -> membership.isAvailable(a.member(), now))
                .map(a -> new NextCommittee.Candidate(a.nodeId(), a.publicKey(), a.apiUrl(), Math.max(1, a.weight())))
                .toList();
        return NextCommittee.of(latest.committee(), candidates).map(committee -> new EpochRecord(committee, now));
    }

    /** A new coordinator first lets every member announce itself, so that none is left out of a new committee. */
    private boolean waitingForAnnouncements(Instant now) {
        return attempt != null && attempt.epoch > 1
                && System.nanoTime() - startedNanos < settings.memberAnnounceInterval().multipliedBy(2).toNanos();
    }

    private void sendProposals() {
        Attempt current = attempt;
        for (String acceptor : current.acceptors.weights().keySet()) {
            Announce announce = announced.get(acceptor);
            if (announce == null || current.acceptedBy.contains(acceptor)) {
                continue;
            }
            getContext().ask(CommitteeMember.ProposalReply.class, announce.member(), settings.askTimeout(),
                    replyTo -> new CommitteeMember.ProposeEpoch(current.ballot, current.proposal.record(), replyTo),
                    (reply, failure) -> reply != null ? new ProposalAnswered(reply)
                            : new NoAnswer(acceptor, "propose", failure));
        }
    }

    private Behavior<Command> onProposalReply(CommitteeMember.ProposalReply reply) {
        if (attempt == null || attempt.proposal == null || !attempt.ballot.equals(reply.ballot())
                || attempt.committing) {
            return this; // an answer to a proposal already committed or abandoned
        }
        if (reply instanceof CommitteeMember.ProposalRejected rejected) {
            getContext().getLog().info("proposal rejected by nodeId={} ballot={} reason=\"{}\"", rejected.nodeId(),
                    rejected.ballot(), rejected.reason());
            rejected.promised().ifPresent(this::see);
            if (rejected.promised().filter(promised -> promised.compareTo(rejected.ballot()) > 0).isPresent()) {
                attempt = null; // a higher ballot exists: start over above it on the next tick
            }
            return this;
        }
        attempt.acceptedBy.add(reply.nodeId());
        if (!attempt.acceptors.isQuorum(attempt.acceptedBy)) {
            return this;
        }
        Duration delay = settings.commitDelay();
        if (attempt.epoch > 1 && !delay.isZero()) {
            attempt.committing = true;
            getContext().getLog().info("epoch accepted by a quorum epoch={} ballot={} acceptedBy={}; committing in {}"
                    + " (floe.epoch-coordinator.commit-delay)", attempt.epoch, attempt.ballot, attempt.acceptedBy,
                    delay);
            timers.startSingleTimer(new CommitNow(attempt.ballot), delay);
        } else {
            commit();
        }
        return this;
    }

    private Behavior<Command> onCommitNow(CommitNow commitNow) {
        if (attempt != null && attempt.committing && attempt.ballot.equals(commitNow.ballot())) {
            commit();
        }
        return this;
    }

    private void commit() {
        EpochRecord record = attempt.proposal.record();
        getContext().getLog().info("epoch committed epoch={} ballot={} acceptedBy={} weight={} of {}", record.epoch(),
                attempt.ballot, attempt.acceptedBy, attempt.acceptors.weightOf(attempt.acceptedBy),
                attempt.acceptors.shards());
        attempt = null;
        history.put(record.epoch(), record);
        latest = record;
        for (Announce announce : announced.values()) {
            // A node whose status has not come in yet may hold no epoch at all (one that just joined): it first gets
            // the epoch before this one, as a new node does, so that its data plane knows the shards' previous
            // owners; sent straight this epoch, it would take its gained shards as a new cluster's, with no data.
            Promise status = statuses.get(announce.nodeId());
            catchUp(announce.nodeId(), status == null ? 0 : Math.min(status.committedEpoch(), record.epoch() - 1));
        }
    }

    private void askStatus(Announce announce) {
        getContext().ask(Promise.class, announce.member(), settings.askTimeout(), CommitteeMember.GetPromise::new,
                (promise, failure) -> promise != null ? new StatusReceived(promise)
                        : new NoAnswer(announce.nodeId(), "status", failure));
    }

    private Behavior<Command> onNoAnswer(NoAnswer noAnswer) {
        getContext().getLog().debug("no answer nodeId={} request={} cause=\"{}\"", noAnswer.nodeId(),
                noAnswer.request(), noAnswer.cause().getMessage());
        return this;
    }
}
