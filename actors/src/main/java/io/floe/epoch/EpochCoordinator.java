package io.floe.epoch;

import io.floe.node.CommitteeMember;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.serialization.FloeMessage;
import io.floe.settings.CommitteeSettings;
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
import java.util.stream.Stream;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The cluster singleton that decides committees. For now it forms genesis: once every initial member has announced
 * itself and answered with its promise, it proposes epoch 1 (or re-proposes a proposal a member already accepted)
 * under a ballot above every promise, and commits when the members that accepted hold a quorum of shards. It keeps
 * nothing that only it knows: on every tick it polls the members, adopts the latest committed committee any of
 * them holds (a restarted cluster never forms a second genesis), and re-sends commits to members that missed them.
 */
public final class EpochCoordinator extends AbstractBehavior<EpochCoordinator.Command> {

    /** What the coordinator handles. */
    public sealed interface Command {
    }

    /** A node's member tells who it is: its id, key, node API URL and the reference to reach it. */
    public record Announce(String nodeId, NodePublicKey publicKey, String apiUrl,
            ActorRef<CommitteeMember.Command> member) implements Command, FloeMessage {
        public Announce {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(member, "member");
        }
    }

    private enum Tick implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record PromiseReceived(CommitteeMember.Promise promise)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record ProposalAnswered(CommitteeMember.ProposalReply reply)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record CommitAcknowledged(CommitteeMember.EpochCommitAcknowledged acknowledgement)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record NoAnswer(String nodeId, String request, Throwable cause)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** The proposal being driven: who accepted it, and for how many ticks it has gone without a quorum. */
    private static final class Attempt {
        final Proposal proposal;
        final Set<String> acceptedBy = new HashSet<>();
        int ticks;

        Attempt(Proposal proposal) {
            this.proposal = proposal;
        }
    }

    private final String nodeId;
    private final CommitteeSettings settings;
    private final Map<String, Announce> announced = new TreeMap<>();
    private final Map<String, CommitteeMember.Promise> promises = new HashMap<>();
    private Committee committed;
    private Attempt attempt;

    private EpochCoordinator(ActorContext<Command> context, String nodeId, CommitteeSettings settings) {
        super(context);
        this.nodeId = nodeId;
        this.settings = settings;
    }

    /** The coordinator as the singleton runs it on node {@code nodeId} (its ballots carry that id). */
    public static Behavior<Command> create(String nodeId, CommitteeSettings settings) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.coordinatorTickInterval());
            context.getLog().info("epoch coordinator started nodeId={} initialMembers={} shards={}", nodeId,
                    settings.initialMembers(), settings.shardCount());
            return new EpochCoordinator(context, nodeId, settings);
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Announce.class, this::onAnnounce)
                .onMessage(Tick.class, tick -> onTick())
                .onMessage(PromiseReceived.class, received -> onPromise(received.promise()))
                .onMessage(ProposalAnswered.class, answered -> onProposalReply(answered.reply()))
                .onMessage(CommitAcknowledged.class, this::onCommitAcknowledged)
                .onMessage(NoAnswer.class, this::onNoAnswer)
                .build();
    }

    private Behavior<Command> onAnnounce(Announce announce) {
        Announce previous = announced.put(announce.nodeId(), announce);
        if (previous == null || !previous.member().equals(announce.member())) {
            getContext().getLog().info("member announced nodeId={} member={}", announce.nodeId(),
                    announce.member().path());
            askPromise(announce);
        }
        return this;
    }

    private Behavior<Command> onTick() {
        announced.values().forEach(this::askPromise);
        if (attempt != null) {
            if (++attempt.ticks > settings.maxProposalAttempts()) {
                getContext().getLog().warn("proposal abandoned ballot={} epoch={} acceptedBy={}: no quorum after {}"
                        + " ticks; starting over with a higher ballot", attempt.proposal.ballot(),
                        attempt.proposal.epoch(), attempt.acceptedBy, attempt.ticks - 1);
                attempt = null;
            } else {
                sendProposal();
            }
        } else {
            maybePropose();
        }
        return this;
    }

    private Behavior<Command> onPromise(CommitteeMember.Promise promise) {
        promises.put(promise.nodeId(), promise);
        promise.committed().ifPresent(this::adopt);
        if (committed != null && promise.committedEpoch() < committed.epoch()
                && committed.memberById(promise.nodeId()).isPresent()) {
            sendCommit(promise.nodeId());
        }
        return this;
    }

    /** Takes {@code committee} as the latest committed one if it is later than what the coordinator knows. */
    private void adopt(Committee committee) {
        if (committed != null && committee.epoch() <= committed.epoch()) {
            return;
        }
        getContext().getLog().info("committed committee adopted epoch={} members={}", committee.epoch(),
                committee.members().size());
        committed = committee;
        if (attempt != null && attempt.proposal.epoch() <= committee.epoch()) {
            attempt = null;
        }
    }

    /** Genesis: propose once every initial member has announced itself and answered with its promise. */
    private void maybePropose() {
        if (committed != null) {
            return; // epoch changes after genesis come later
        }
        List<String> missing = settings.initialMembers().stream()
                .filter(id -> !announced.containsKey(id) || !promises.containsKey(id))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            getContext().getLog().debug("genesis waiting for initial members missing={}", missing);
            return;
        }
        List<CommitteeMember.Promise> initial = settings.initialMembers().stream().map(promises::get).toList();
        Optional<Proposal> recovered = initial.stream()
                .flatMap(promise -> promise.accepted().stream())
                .max(Comparator.comparing(Proposal::ballot));
        Ballot highest = initial.stream()
                .flatMap(promise -> Stream.concat(promise.promised().stream(),
                        promise.accepted().map(Proposal::ballot).stream()))
                .max(Comparator.naturalOrder())
                .orElse(new Ballot(0, ""));
        Committee committee = recovered.map(Proposal::committee).orElseGet(this::genesis);
        attempt = new Attempt(new Proposal(highest.next(nodeId), committee));
        getContext().getLog().info("proposing epoch={} ballot={} recovered={} members={} shards={}", committee.epoch(),
                attempt.proposal.ballot(), recovered.isPresent(), committee.members().size(), committee.shards());
        sendProposal();
    }

    /** Epoch 1: the initial members in node-id order, each with a contiguous, even share of the shards. */
    private Committee genesis() {
        List<String> nodeIds = settings.initialMembers().stream().sorted().toList();
        ShardAssignment assignment = ShardAssignment.genesis(settings.shardCount(), nodeIds);
        List<io.floe.protocol.committee.CommitteeMember> members = new ArrayList<>();
        for (String id : nodeIds) {
            Announce announce = announced.get(id);
            members.add(new io.floe.protocol.committee.CommitteeMember(id, announce.publicKey(), announce.apiUrl(),
                    assignment.shardsOf(id)));
        }
        return new Committee(1, members);
    }

    private void sendProposal() {
        Proposal proposal = attempt.proposal;
        for (io.floe.protocol.committee.CommitteeMember member : proposal.committee().members()) {
            Announce announce = announced.get(member.nodeId());
            if (announce == null || attempt.acceptedBy.contains(member.nodeId())) {
                continue;
            }
            getContext().ask(CommitteeMember.ProposalReply.class, announce.member(), settings.askTimeout(),
                    replyTo -> new CommitteeMember.ProposeEpoch(proposal.ballot(), proposal.committee(), replyTo),
                    (reply, failure) -> reply != null ? new ProposalAnswered(reply)
                            : new NoAnswer(member.nodeId(), "propose", failure));
        }
    }

    private Behavior<Command> onProposalReply(CommitteeMember.ProposalReply reply) {
        if (attempt == null || !attempt.proposal.ballot().equals(reply.ballot())) {
            return this; // an answer to a proposal already committed or abandoned
        }
        if (reply instanceof CommitteeMember.ProposalRejected rejected) {
            getContext().getLog().info("proposal rejected by nodeId={} ballot={} reason=\"{}\"", rejected.nodeId(),
                    rejected.ballot(), rejected.reason());
            if (rejected.promised().filter(promised -> promised.compareTo(rejected.ballot()) > 0).isPresent()) {
                attempt = null; // a higher ballot exists: start over above it on the next tick
            }
            return this;
        }
        attempt.acceptedBy.add(reply.nodeId());
        Committee proposed = attempt.proposal.committee();
        int weight = attempt.acceptedBy.stream()
                .mapToInt(id -> proposed.memberById(id).map(io.floe.protocol.committee.CommitteeMember::weight)
                        .orElse(0))
                .sum();
        if (proposed.isQuorum(weight)) {
            getContext().getLog().info("epoch committed epoch={} ballot={} acceptedBy={} weight={} of {}",
                    proposed.epoch(), attempt.proposal.ballot(), attempt.acceptedBy, weight, proposed.shards());
            committed = proposed;
            attempt = null;
            proposed.members().forEach(member -> sendCommit(member.nodeId()));
        }
        return this;
    }

    private void sendCommit(String memberId) {
        Announce announce = announced.get(memberId);
        if (announce == null) {
            return; // it gets the commit once it announces itself
        }
        Committee committee = committed;
        getContext().ask(CommitteeMember.EpochCommitAcknowledged.class, announce.member(), settings.askTimeout(),
                replyTo -> new CommitteeMember.CommitEpoch(committee, replyTo),
                (ack, failure) -> ack != null ? new CommitAcknowledged(ack) : new NoAnswer(memberId, "commit", failure));
    }

    private void askPromise(Announce announce) {
        getContext().ask(CommitteeMember.Promise.class, announce.member(), settings.askTimeout(),
                CommitteeMember.GetPromise::new,
                (promise, failure) -> promise != null ? new PromiseReceived(promise)
                        : new NoAnswer(announce.nodeId(), "promise", failure));
    }

    private Behavior<Command> onCommitAcknowledged(CommitAcknowledged acknowledged) {
        getContext().getLog().debug("commit acknowledged nodeId={} epoch={}", acknowledged.acknowledgement().nodeId(),
                acknowledged.acknowledgement().epoch());
        return this;
    }

    private Behavior<Command> onNoAnswer(NoAnswer noAnswer) {
        getContext().getLog().debug("no answer nodeId={} request={} cause=\"{}\"", noAnswer.nodeId(),
                noAnswer.request(), noAnswer.cause().getMessage());
        return this;
    }
}
