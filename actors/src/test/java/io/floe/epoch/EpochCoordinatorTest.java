package io.floe.epoch;

import static io.floe.testing.TestCommittees.keys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.floe.node.CommitteeMember;
import io.floe.node.CommitteeMember.Promise;
import io.floe.node.LiveCommitteeView;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.settings.CommitteeSettings;
import io.floe.testing.TestCommittees;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator with real committee members (in-memory journal): genesis, scheduled and requested epochs, joins,
 * removals and weights, done tracking, catch-up, a second coordinator finishing a half-done change, and randomized
 * runs of two coordinators at once that never commit two committees for one epoch.
 */
class EpochCoordinatorTest {
    private static final ActorTestKit testKit =
            ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final Duration EPOCH = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }
    }

    /** Membership a test controls: the nodes in {@code unavailable} do not count for the next committee. */
    private static final class TestMembership implements Membership {
        final Set<ActorRef<?>> unavailable = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void refresh(Instant now) {
        }

        @Override
        public boolean isGone(ActorRef<?> member) {
            return false;
        }

        @Override
        public boolean isAvailable(ActorRef<?> member, Instant now) {
            return !unavailable.contains(member);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<ActorRef<EpochCoordinator.Command>> coordinators = new CopyOnWriteArrayList<>();
    private final Map<Integer, LiveCommitteeView> views = new LinkedHashMap<>();
    private final Map<Integer, ActorRef<CommitteeMember.Command>> members = new LinkedHashMap<>();
    private final List<ActorRef<?>> spawned = new ArrayList<>();
    private ActorRef<EpochCoordinator.Command> proxy;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        PersistenceTestKit.create(testKit.system()).clearAll();
        proxy = testKit.spawn(Behaviors.receive(EpochCoordinator.Command.class)
                .onAnyMessage(command -> {
                    coordinators.forEach(coordinator -> coordinator.tell(command));
                    return Behaviors.same();
                }).build());
        spawned.add(proxy);
    }

    @AfterEach
    void stop() {
        spawned.forEach(testKit::stop);
    }

    private static CommitteeSettings settings(int shards, int initialMembers) {
        return new CommitteeSettings(shards, TestCommittees.nodeIds(initialMembers), EPOCH, Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(2), 20);
    }

    /** Starts a coordinator (ballots of {@code nodeId}) that hears every announcement from now on. */
    private ActorRef<EpochCoordinator.Command> coordinator(String nodeId, CommitteeSettings settings,
            Membership membership) {
        ActorRef<EpochCoordinator.Command> coordinator =
                testKit.spawn(EpochCoordinator.create(nodeId, settings, clock, membership));
        coordinators.add(coordinator);
        spawned.add(coordinator);
        return coordinator;
    }

    private void stopCoordinator(ActorRef<EpochCoordinator.Command> coordinator) {
        coordinators.remove(coordinator);
        testKit.stop(coordinator);
        spawned.remove(coordinator);
    }

    private void member(int node, CommitteeSettings settings) {
        LiveCommitteeView view = new LiveCommitteeView("node-" + node, keys(node));
        ActorRef<CommitteeMember.Command> member = testKit.spawn(CommitteeMember.create(
                "http://127.0.0." + (10 + node) + ":9100", view, proxy, settings));
        views.put(node, view);
        members.put(node, member);
        spawned.add(member);
    }

    private Committee awaitEpoch(long epoch, int... nodes) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int node : nodes) {
                assertTrue(views.get(node).epoch() >= epoch, "node-" + node + " is at epoch " + views.get(node).epoch());
            }
        });
        Committee committee = views.get(nodes[0]).committeeOf(epoch).orElseThrow();
        for (int node : nodes) {
            assertEquals(Optional.of(committee), views.get(node).committeeOf(epoch), "node-" + node + " disagrees");
        }
        return committee;
    }

    private Promise promise(int node) throws Exception {
        return AskPattern.<CommitteeMember.Command, Promise>ask(members.get(node), CommitteeMember.GetPromise::new,
                Duration.ofSeconds(3), testKit.system().scheduler()).toCompletableFuture().get();
    }

    private EpochCoordinator.EpochChangeRequested trigger(ActorRef<EpochCoordinator.Command> coordinator) {
        TestProbe<EpochCoordinator.EpochChangeRequested> probe = testKit.createTestProbe();
        coordinator.tell(new EpochCoordinator.TriggerEpochChange(probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    private static int[] nodes(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).toArray();
    }

    @Test
    void formsGenesisAndAdvancesWhenTheEpochIsOverKeepingShardsInPlace() {
        CommitteeSettings settings = settings(8, 4);
        coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }

        Committee genesis = awaitEpoch(1, nodes(4));
        assertEquals(TestCommittees.committee(1, 4, 8).members().stream().map(m -> m.shards()).toList(),
                genesis.members().stream().map(m -> m.shards()).toList());
        await().atMost(WAIT).untilAsserted(() -> views.values().forEach(view ->
                assertEquals(1, view.epochChangeDone(), view.nodeId() + ": genesis has nothing to move")));

        clock.advance(EPOCH.minusSeconds(1));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> views.get(1).epoch() == 1);
        clock.advance(Duration.ofSeconds(2));
        Committee second = awaitEpoch(2, nodes(4));

        assertEquals(genesis.assignment(), second.assignment(), "the same members keep their shards");
        await().atMost(WAIT).untilAsserted(() -> assertEquals(2, views.get(3).epochChangeDone()));
    }

    @Test
    void anOperatorTriggerStartsTheNextEpochNow() {
        CommitteeSettings settings = settings(8, 4);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        assertFalse(trigger(coordinator).accepted(), "no committee yet");
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        awaitEpoch(1, nodes(4));
        await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);

        assertEquals(new EpochCoordinator.EpochChangeRequested(2, ""), trigger(coordinator));

        awaitEpoch(2, nodes(4));
    }

    @Test
    void aJoiningNodeGetsShardsAtTheNextEpochAndOthersOnlyGiveSome() {
        CommitteeSettings settings = settings(20, 4);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        Committee genesis = awaitEpoch(1, nodes(4));
        member(5, settings);
        await().atMost(WAIT).until(() -> views.get(5).epoch() == 1); // it learns the committee, without shards
        await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);

        trigger(coordinator);
        Committee next = awaitEpoch(2, nodes(5));

        assertEquals(4, next.memberById("node-5").orElseThrow().shards().size());
        assertEquals(4, genesis.assignment().movesTo(next.assignment()).size(), "only node-5's shards move");
        for (int node = 1; node <= 4; node++) {
            assertTrue(genesis.memberById("node-" + node).orElseThrow().shards()
                    .containsAll(next.memberById("node-" + node).orElseThrow().shards()));
        }
        assertEquals(Optional.of(genesis), views.get(5).committeeOf(1), "the new node knows the previous owners");
        // The others hold 16 of 20 shards without receiving any, a quorum, but node-5 gained shards that it still
        // pulls from their previous owners: the change is not done (they would delete them) until it reports.
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        views.get(5).shardsSynced(2);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(2, views.get(5).epochChangeDone()));
    }

    /**
     * A node that announced itself but whose status has not reached the coordinator when the next epoch is committed
     * (here it never answers a status request) is sent the epoch before first, never the new epoch straight away: a
     * node with no epoch takes whatever it is sent first, and without the previous committee its data plane would
     * take the shards it gains as a new cluster's, holding no data.
     */
    @Test
    void aNodeWhoseStatusIsUnknownAtACommitGetsThePreviousEpochFirst() {
        CommitteeSettings settings = settings(8, 4);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        awaitEpoch(1, nodes(4));
        await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        List<Long> commitsSeen = new CopyOnWriteArrayList<>();
        long[] epoch = new long[1];
        ActorRef<CommitteeMember.Command> silent = testKit.spawn(Behaviors.receive(CommitteeMember.Command.class)
                .onMessage(CommitteeMember.CommitEpoch.class, commit -> {
                    commitsSeen.add(commit.record().epoch());
                    if (commit.record().epoch() == epoch[0] + 1 || epoch[0] == 0) {
                        epoch[0] = commit.record().epoch();
                    }
                    commit.replyTo().tell(new CommitteeMember.EpochCommitAcknowledged("node-5", epoch[0]));
                    return Behaviors.same();
                })
                .onAnyMessage(ignored -> Behaviors.same()) // never answers a status request
                .build());
        spawned.add(silent);
        coordinator.tell(new EpochCoordinator.Announce("node-5", keys(5).publicKey(), "http://127.0.0.15:9100", 1,
                silent));

        trigger(coordinator);
        awaitEpoch(2, nodes(4));
        await().atMost(WAIT).until(() -> commitsSeen.contains(2L));
        assertEquals(1L, commitsSeen.get(0), "the epoch before comes first: " + commitsSeen);
        assertEquals(List.of(1L, 2L), commitsSeen.stream().distinct().toList(), commitsSeen.toString());
    }

    @Test
    void shardsFollowTheNodesWeights() {
        CommitteeSettings settings = settings(20, 4);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        awaitEpoch(1, nodes(4));
        member(5, settings.withNodeWeight(4));
        await().atMost(WAIT).until(() -> views.get(5).epoch() == 1 && views.get(1).epochChangeDone() == 1);

        trigger(coordinator);
        Committee next = awaitEpoch(2, nodes(5));

        assertEquals(10, next.memberById("node-5").orElseThrow().shards().size(), "weight 4 of 8: half the shards");
        for (int node = 1; node <= 4; node++) {
            assertTrue(next.memberById("node-" + node).orElseThrow().shards().size() >= 2);
        }
    }

    @Test
    void aRemovedNodeLosesEveryShardAndTheNextEpochWaitsForTheChangeToBeDone() {
        CommitteeSettings settings = settings(12, 4);
        TestMembership membership = new TestMembership();
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, membership);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        Committee genesis = awaitEpoch(1, nodes(4));
        await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        membership.unavailable.add(members.get(4));

        trigger(coordinator);
        Committee next = awaitEpoch(2, 1, 2, 3);

        assertTrue(next.memberById("node-4").isEmpty(), "node-4 is out");
        assertEquals(3, genesis.assignment().movesTo(next.assignment()).size(), "only node-4's shards move");
        // Everyone left gained a shard, so nobody is synced until the data plane says so.
        trigger(coordinator);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> views.get(1).epoch() == 2);
        assertEquals(1, views.get(1).epochChangeDone());

        views.get(1).shardsSynced(2);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        views.get(2).shardsSynced(2); // 8 of 12 shards: more than 2f = 6, but node-3 gained a shard too
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        views.get(3).shardsSynced(2);
        await().atMost(WAIT).until(() -> views.get(3).epochChangeDone() == 2);
        awaitEpoch(3, 1, 2, 3); // the requested change goes ahead once the previous one is done
    }

    @Test
    void aSecondCoordinatorFinishesTheChangeTheFirstLeftHalfDone() throws Exception {
        CommitteeSettings settings = settings(12, 4);
        TestMembership firstView = new TestMembership();
        ActorRef<EpochCoordinator.Command> first = coordinator("node-1",
                settings.withEpochTiming(EPOCH, Duration.ofMinutes(2), Duration.ofHours(1)), firstView);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        awaitEpoch(1, nodes(4));
        await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == 1);
        firstView.unavailable.add(members.get(4));

        trigger(first);
        // Accepted by a quorum, but the first coordinator waits an hour before committing: it "crashes" now.
        await().atMost(WAIT).until(() -> {
            int accepted = 0;
            for (int node = 1; node <= 4; node++) {
                accepted += promise(node).accepted().filter(p -> p.epoch() == 2).isPresent() ? 1 : 0;
            }
            return accepted >= 3;
        });
        Proposal halfDone = promise(1).accepted().orElseThrow();
        stopCoordinator(first);
        assertEquals(1, views.get(1).epoch());
        clock.advance(Duration.ofMinutes(5));

        // The second one would propose node-4 back in; it must finish the accepted proposal instead.
        coordinator("node-2", settings, Membership.ALL_AVAILABLE);
        Committee committed = awaitEpoch(2, nodes(4));

        assertEquals(halfDone.committee(), committed);
        assertTrue(committed.memberById("node-4").isEmpty());
        Ballot promised = promise(1).promised().orElseThrow();
        assertTrue(promised.compareTo(halfDone.ballot()) > 0 && promised.proposer().equals("node-2"),
                "the second coordinator's ballot " + promised + " is above " + halfDone.ballot());
    }

    @Test
    void aMemberThatMissedEpochsIsCaughtUpThroughEachOfThem() {
        CommitteeSettings settings = settings(8, 4);
        ActorRef<EpochCoordinator.Command> coordinator = coordinator("node-9", settings, Membership.ALL_AVAILABLE);
        for (int node = 1; node <= 4; node++) {
            member(node, settings);
        }
        awaitEpoch(1, nodes(4));
        List<Long> seenByNode4 = new CopyOnWriteArrayList<>();
        testKit.stop(members.get(4)); // node-4 is down for two epochs
        for (long epoch = 2; epoch <= 3; epoch++) {
            long target = epoch;
            await().atMost(WAIT).until(() -> views.get(1).epochChangeDone() == target - 1);
            trigger(coordinator);
            awaitEpoch(target, 1, 2, 3);
        }

        LiveCommitteeView restarted = new LiveCommitteeView("node-4", keys(4));
        restarted.onAdvance(committee -> seenByNode4.add(committee.epoch()));
        ActorRef<CommitteeMember.Command> member = testKit.spawn(CommitteeMember.create("http://127.0.0.14:9100",
                restarted, proxy, settings));
        spawned.add(member);
        views.put(4, restarted);

        Committee third = awaitEpoch(3, nodes(4));
        assertEquals(List.of(1L, 2L, 3L), seenByNode4, "recovered epoch 1, then each missing epoch in order");
        assertEquals(views.get(1).committeeOf(2), restarted.committeeOf(2));
        assertEquals(3, third.epoch());
    }

    /**
     * Two coordinators run at once with different views of the cluster, so their new committees differ, while
     * operators trigger changes at random times: whatever interleaving results, no two members ever hold different
     * committees for one epoch.
     */
    @Test
    void twoCoordinatorsAtOnceNeverCommitTwoCommitteesForOneEpoch() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            CommitteeSettings settings = settings(12, 4);
            TestMembership withoutFour = new TestMembership();
            List<ActorRef<EpochCoordinator.Command>> both = List.of(
                    coordinator("node-a", settings, Membership.ALL_AVAILABLE),
                    coordinator("node-b", settings, withoutFour));
            for (int node = 1; node <= 5; node++) {
                member(node, settings);
            }
            withoutFour.unavailable.add(members.get(4));
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(50 + random.nextInt(200)); // the schedule under test, not a wait for a condition
                if (random.nextBoolean()) {
                    both.get(random.nextInt(2)).tell(new EpochCoordinator.TriggerEpochChange(
                            testKit.<EpochCoordinator.EpochChangeRequested>createTestProbe().ref()));
                }
                if (random.nextInt(4) == 0) {
                    views.get(1 + random.nextInt(5)).shardsSynced(views.get(1).epoch());
                }
            }
            long highest = views.values().stream().mapToLong(LiveCommitteeView::epoch).max().orElse(0);
            assertTrue(highest >= 1, "seed " + seed + ": genesis formed");
            for (long epoch = 1; epoch <= highest; epoch++) {
                Set<Committee> held = new HashSet<>();
                for (LiveCommitteeView view : views.values()) {
                    view.committeeOf(epoch).ifPresent(held::add);
                }
                assertTrue(held.size() <= 1, "seed " + seed + " epoch " + epoch + ": " + held);
            }
            for (ActorRef<EpochCoordinator.Command> coordinator : both) {
                stopCoordinator(coordinator);
            }
            for (ActorRef<CommitteeMember.Command> member : members.values()) {
                testKit.stop(member);
                spawned.remove(member);
            }
            members.clear();
            views.clear();
            PersistenceTestKit.create(testKit.system()).clearAll();
        }
    }

    @Test
    void nextCommitteeAssignsByWeightAndDropsNodesWithoutShards() {
        Committee current = TestCommittees.committee(3, 4, 12);
        List<NextCommittee.Candidate> candidates = new ArrayList<>();
        for (int node : new int[] {2, 3, 1, 6}) {
            candidates.add(new NextCommittee.Candidate("node-" + node, keys(node).publicKey(), "http://n" + node, 1));
        }

        Committee next = NextCommittee.of(current, candidates).orElseThrow();

        assertEquals(4, next.epoch());
        assertEquals(List.of("node-1", "node-2", "node-3", "node-6"),
                next.members().stream().map(io.floe.protocol.committee.CommitteeMember::nodeId).toList(),
                "members keep their order; new ones follow");
        ShardAssignment before = current.assignment();
        assertEquals(3, before.movesTo(next.assignment()).size(), "node-4's three shards move to node-6");
        assertTrue(NextCommittee.of(current, List.of()).isEmpty());
    }
}
