package io.floe.epoch;

import static io.floe.testing.TestCommittees.committee;
import static io.floe.testing.TestCommittees.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.node.CommitteeMember;
import io.floe.node.CommitteeMember.CommitEpoch;
import io.floe.node.CommitteeMember.ProposeEpoch;
import io.floe.protocol.committee.Committee;
import io.floe.settings.CommitteeSettings;
import io.floe.testing.TestCommittees;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Genesis, recovery of a half-finished proposal, adoption of a committed epoch and bounded retries. */
class EpochCoordinatorTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final int SHARDS = 8;

    /** What the fake members saw: a proposal or a commit, with the member that received it. */
    private record Seen(String nodeId, CommitteeMember.Command command) {
    }

    private final TestProbe<Seen> seen = testKit.createTestProbe();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static CommitteeSettings settings(int maxProposalAttempts) {
        return new CommitteeSettings(SHARDS, TestCommittees.nodeIds(4), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1), maxProposalAttempts);
    }

    /** A member that answers from {@code promise}, accepts proposals if {@code accepts}, and tells {@link #seen}. */
    private Behavior<CommitteeMember.Command> member(String nodeId, CommitteeMember.Promise initial, boolean accepts) {
        return Behaviors.setup(context -> {
            CommitteeMember.Promise[] promise = {initial};
            return Behaviors.receive(CommitteeMember.Command.class)
                    .onMessage(CommitteeMember.GetPromise.class, get -> {
                        get.replyTo().tell(promise[0]);
                        return Behaviors.same();
                    })
                    .onMessage(ProposeEpoch.class, propose -> {
                        seen.ref().tell(new Seen(nodeId, propose));
                        if (accepts) {
                            promise[0] = new CommitteeMember.Promise(nodeId, Optional.of(propose.ballot()),
                                    Optional.of(new Proposal(propose.ballot(), propose.committee())),
                                    promise[0].committed());
                            propose.replyTo().tell(new CommitteeMember.ProposalAccepted(nodeId, propose.ballot(),
                                    propose.committee().epoch()));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(CommitEpoch.class, commit -> {
                        seen.ref().tell(new Seen(nodeId, commit));
                        promise[0] = new CommitteeMember.Promise(nodeId, promise[0].promised(), Optional.empty(),
                                Optional.of(commit.committee()));
                        commit.replyTo().tell(new CommitteeMember.EpochCommitAcknowledged(nodeId,
                                commit.committee().epoch()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static CommitteeMember.Promise nothing(String nodeId) {
        return new CommitteeMember.Promise(nodeId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private ActorRef<EpochCoordinator.Command> coordinator(int maxProposalAttempts) {
        return testKit.spawn(EpochCoordinator.create("node-9", settings(maxProposalAttempts)));
    }

    private void announce(ActorRef<EpochCoordinator.Command> coordinator, int node, String apiUrl,
            CommitteeMember.Promise promise, boolean accepts) {
        String nodeId = "node-" + node;
        ActorRef<CommitteeMember.Command> ref = testKit.spawn(member(nodeId, promise, accepts));
        coordinator.tell(new EpochCoordinator.Announce(nodeId, keys(node).publicKey(), apiUrl, ref));
    }

    private static String apiUrl(int node) {
        return "http://127.0.0." + (10 + node) + ":9100";
    }

    /** Collects what the members see until {@code commits} commits have arrived. */
    private List<Seen> untilCommits(int commits) {
        List<Seen> all = new ArrayList<>();
        int[] count = {0};
        seen.fishForMessage(Duration.ofSeconds(5), message -> {
            all.add(message);
            if (message.command() instanceof CommitEpoch && ++count[0] == commits) {
                return FishingOutcomes.complete();
            }
            return FishingOutcomes.continueAndIgnore();
        });
        return all;
    }

    @Test
    void formsGenesisOnceEveryInitialMemberHasAnnounced() {
        ActorRef<EpochCoordinator.Command> coordinator = coordinator(10);
        for (int node = 1; node <= 3; node++) {
            announce(coordinator, node, apiUrl(node), nothing("node-" + node), true);
        }
        seen.expectNoMessage(Duration.ofMillis(500));

        announce(coordinator, 4, apiUrl(4), nothing("node-4"), true);
        List<Seen> messages = untilCommits(4);

        Committee genesis = committee(1, 4, SHARDS);
        Map<String, Ballot> proposed = new HashMap<>();
        for (Seen message : messages) {
            if (message.command() instanceof ProposeEpoch propose) {
                assertEquals(genesis, propose.committee());
                proposed.put(message.nodeId(), propose.ballot());
            } else {
                assertEquals(genesis, ((CommitEpoch) message.command()).committee());
            }
        }
        assertEquals(4, proposed.size(), "every member gets the proposal: " + messages);
        assertTrue(proposed.values().stream().allMatch(new Ballot(1, "node-9")::equals), proposed.toString());
        seen.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void reproposesAProposalAMemberAlreadyAcceptedUnderAHigherBallot() {
        Committee halfFinished = committee(1, 4, SHARDS);
        Ballot oldBallot = new Ballot(5, "node-7");
        ActorRef<EpochCoordinator.Command> coordinator = coordinator(10);
        for (int node = 1; node <= 4; node++) {
            String nodeId = "node-" + node;
            CommitteeMember.Promise promise = node == 2
                    ? new CommitteeMember.Promise(nodeId, Optional.of(oldBallot),
                            Optional.of(new Proposal(oldBallot, halfFinished)), Optional.empty())
                    : nothing(nodeId);
            // The announced URLs differ from the half-finished proposal's, so a fresh genesis would differ from it.
            announce(coordinator, node, "http://127.0.0." + (10 + node) + ":9999", promise, true);
        }

        for (Seen message : untilCommits(4)) {
            if (message.command() instanceof ProposeEpoch propose) {
                assertEquals(halfFinished, propose.committee());
                assertEquals(new Ballot(6, "node-9"), propose.ballot());
            } else {
                assertEquals(halfFinished, ((CommitEpoch) message.command()).committee());
            }
        }
    }

    @Test
    void adoptsTheCommitteeAMemberCommittedInsteadOfFormingANewGenesis() {
        Committee committed = committee(1, 4, SHARDS);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator(10);
        announce(coordinator, 1, apiUrl(1), new CommitteeMember.Promise("node-1", Optional.of(new Ballot(3, "node-1")),
                Optional.empty(), Optional.of(committed)), true);
        for (int node = 2; node <= 4; node++) {
            announce(coordinator, node, apiUrl(node), nothing("node-" + node), true);
        }

        List<Seen> messages = untilCommits(3);

        assertFalse(messages.stream().anyMatch(message -> message.command() instanceof ProposeEpoch), messages.toString());
        assertEquals(List.of("node-2", "node-3", "node-4"),
                messages.stream().map(Seen::nodeId).sorted().toList());
        messages.forEach(message -> assertEquals(committed, ((CommitEpoch) message.command()).committee()));
    }

    @Test
    void withoutAQuorumItStartsOverWithAHigherBallot() {
        ActorRef<EpochCoordinator.Command> coordinator = coordinator(2);
        for (int node = 1; node <= 4; node++) {
            // Two members of two shards each accept: weight 4 of 8 is not more than 2f = 4.
            announce(coordinator, node, apiUrl(node), nothing("node-" + node), node <= 2);
        }

        Ballot[] highest = {new Ballot(0, "")};
        seen.fishForMessage(Duration.ofSeconds(5), message -> {
            if (message.command() instanceof CommitEpoch) {
                return FishingOutcomes.fail("committed without a quorum");
            }
            Ballot ballot = ((ProposeEpoch) message.command()).ballot();
            highest[0] = ballot.compareTo(highest[0]) > 0 ? ballot : highest[0];
            return ballot.round() >= 2 ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore();
        });

        assertEquals(new Ballot(2, "node-9"), highest[0]);
    }
}
