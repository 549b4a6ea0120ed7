package io.floe.node;

import static io.floe.testing.TestCommittees.committee;
import static io.floe.testing.TestCommittees.keys;
import static io.floe.testing.TestCommittees.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.floe.epoch.Ballot;
import io.floe.epoch.EpochCoordinator;
import io.floe.epoch.EpochRecord;
import io.floe.epoch.Proposal;
import io.floe.node.CommitteeMember.CommitEpoch;
import io.floe.node.CommitteeMember.EpochAccepted;
import io.floe.node.CommitteeMember.EpochCommitAcknowledged;
import io.floe.node.CommitteeMember.EpochCommitted;
import io.floe.node.CommitteeMember.GetPromise;
import io.floe.node.CommitteeMember.Promise;
import io.floe.node.CommitteeMember.ProposalAccepted;
import io.floe.node.CommitteeMember.ProposalRejected;
import io.floe.node.CommitteeMember.ProposalReply;
import io.floe.node.CommitteeMember.ProposeEpoch;
import io.floe.protocol.committee.Committee;
import io.floe.settings.CommitteeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The member's accept and commit rules, its journal, and what it announces, with an in-memory journal. */
class CommitteeMemberTest {
    private static final ActorTestKit testKit =
            ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final CommitteeSettings SETTINGS = new CommitteeSettings(10, List.of("node-1"), Duration.ofHours(1),
            Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(3), 10);

    private final TestProbe<EpochCoordinator.Command> coordinator = testKit.createTestProbe();
    private LiveCommitteeView view;
    private EventSourcedBehaviorTestKit<CommitteeMember.Command, CommitteeMember.Event, CommitteeMember.State> member;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        view = new LiveCommitteeView("node-1", keys(1));
        member = EventSourcedBehaviorTestKit.create(testKit.system(),
                CommitteeMember.create("http://127.0.0.11:9100", view, coordinator.ref(), SETTINGS),
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    }

    private CommandResultWithReply<CommitteeMember.Command, CommitteeMember.Event, CommitteeMember.State,
            ProposalReply> propose(Ballot ballot, Committee committee) {
        return member.runCommand(replyTo -> new ProposeEpoch(ballot, asRecord(committee), replyTo));
    }

    private CommandResultWithReply<CommitteeMember.Command, CommitteeMember.Event, CommitteeMember.State,
            EpochCommitAcknowledged> commit(Committee committee) {
        return member.runCommand(replyTo -> new CommitEpoch(asRecord(committee), replyTo));
    }

    private CommandResultWithReply<CommitteeMember.Command, CommitteeMember.Event, CommitteeMember.State,
            Promise> prepare(Ballot ballot) {
        return member.runCommand(replyTo -> new CommitteeMember.PrepareEpoch(ballot, replyTo));
    }

    private static EpochRecord asRecord(Committee committee) {
        return new EpochRecord(committee, io.floe.testing.TestCommittees.start(committee.epoch()));
    }

    @Test
    void acceptsTheNextEpochAndPersistsItsPromise() {
        Ballot ballot = new Ballot(1, "node-2");

        var result = propose(ballot, committee(1, 4, 10));

        assertEquals(new ProposalAccepted("node-1", ballot, 1), result.reply());
        assertEquals(List.of(new EpochAccepted(ballot, record(1, 4, 10))), result.events());
        assertEquals(Optional.of(ballot), result.state().promised());
        assertTrue(view.committee().isEmpty(), "accepting is not committing");
    }

    @Test
    void rejectsABallotBelowItsPromise() {
        propose(new Ballot(5, "node-2"), committee(1, 4, 10));

        var result = propose(new Ballot(4, "node-3"), committee(1, 4, 10));

        ProposalRejected rejected = assertInstanceOf(ProposalRejected.class, result.reply());
        assertEquals(Optional.of(new Ballot(5, "node-2")), rejected.promised());
        assertTrue(rejected.reason().contains("below this member's promise"), rejected.reason());
        assertTrue(result.hasNoEvents());
    }

    @Test
    void aSameRoundFromAnotherProposerIsOrdered() {
        propose(new Ballot(5, "node-2"), committee(1, 4, 10));

        assertInstanceOf(ProposalRejected.class, propose(new Ballot(5, "node-1"), committee(1, 4, 10)).reply());
        assertInstanceOf(ProposalAccepted.class, propose(new Ballot(5, "node-3"), committee(1, 4, 10)).reply());
    }

    @Test
    void rejectsAnEpochThatIsNotNext() {
        var result = propose(new Ballot(1, "node-2"), committee(2, 4, 10));

        ProposalRejected rejected = assertInstanceOf(ProposalRejected.class, result.reply());
        assertTrue(rejected.reason().contains("not the next epoch"), rejected.reason());
        assertTrue(result.hasNoEvents());
    }

    @Test
    void commitMovesTheViewAndAnEqualProposalIsAcceptedWithoutNewEvents() {
        propose(new Ballot(1, "node-2"), committee(1, 4, 10));

        var committed = commit(committee(1, 4, 10));

        assertEquals(new EpochCommitAcknowledged("node-1", 1), committed.reply());
        assertEquals(new EpochCommitted(record(1, 4, 10)), committed.events().get(0));
        assertEquals(Optional.of(committee(1, 4, 10)), view.committee());
        assertTrue(committed.state().accepted().isEmpty(), "the committed proposal is no longer pending");

        var again = propose(new Ballot(2, "node-3"), committee(1, 4, 10));
        assertInstanceOf(ProposalAccepted.class, again.reply());
        assertTrue(again.hasNoEvents());

        var other = propose(new Ballot(3, "node-3"), committee(1, 5, 10));
        assertTrue(assertInstanceOf(ProposalRejected.class, other.reply()).reason().contains("already committed"));
    }

    @Test
    void anOldOrConflictingCommitChangesNothing() {
        commit(committee(1, 4, 10));
        commit(committee(2, 4, 10));

        var old = commit(committee(1, 4, 10));
        var conflicting = commit(committee(2, 5, 10));

        assertEquals(new EpochCommitAcknowledged("node-1", 2), old.reply());
        assertTrue(old.hasNoEvents());
        assertTrue(conflicting.hasNoEvents());
        assertEquals(Optional.of(committee(2, 4, 10)), view.committee());
    }

    @Test
    void recoversPromiseProposalAndCommitteeFromItsJournal() {
        commit(committee(1, 4, 10));
        propose(new Ballot(4, "node-2"), committee(2, 4, 10));

        member.restart();
        Promise promise = member.<Promise>runCommand(GetPromise::new).reply();

        assertEquals(new Promise("node-1", Optional.of(new Ballot(4, "node-2")),
                Optional.of(new Proposal(new Ballot(4, "node-2"), record(2, 4, 10))),
                Optional.of(record(1, 4, 10)), 1, 0), promise);
    }

    @Test
    void aPrepareRaisesThePromiseAndALowerOneChangesNothing() {
        var first = prepare(new Ballot(3, "node-2"));

        assertEquals(List.of(new CommitteeMember.EpochPromised(new Ballot(3, "node-2"))), first.events());
        assertEquals(Optional.of(new Ballot(3, "node-2")), first.reply().promised());

        var lower = prepare(new Ballot(2, "node-9"));
        assertTrue(lower.hasNoEvents());
        assertEquals(Optional.of(new Ballot(3, "node-2")), lower.reply().promised(), "the promise stands");
        var again = prepare(new Ballot(3, "node-2"));
        assertTrue(again.hasNoEvents(), "the same ballot is promised already");

        ProposalRejected rejected = assertInstanceOf(ProposalRejected.class,
                propose(new Ballot(2, "node-9"), committee(1, 4, 10)).reply());
        assertTrue(rejected.reason().contains("below this member's promise"), rejected.reason());
        assertInstanceOf(ProposalAccepted.class, propose(new Ballot(3, "node-2"), committee(1, 4, 10)).reply());

        member.restart();
        assertEquals(Optional.of(new Ballot(3, "node-2")),
                member.<Promise>runCommand(GetPromise::new).reply().promised(), "the promise is journaled");
    }

    @Test
    void aPrepareReturnsTheAcceptedProposalForANewCoordinatorToFinish() {
        commit(committee(1, 4, 10));
        propose(new Ballot(2, "node-1"), committee(2, 5, 10));

        Promise promise = prepare(new Ballot(3, "node-2")).reply();

        assertEquals(Optional.of(new Proposal(new Ballot(2, "node-1"), record(2, 5, 10))), promise.accepted());
        assertEquals(1, promise.committedEpoch());
    }

    @Test
    void aMemberBehindCommitsMissingEpochsInOrderOnly() {
        commit(committee(1, 4, 10));

        var skipped = commit(committee(3, 4, 10));
        assertTrue(skipped.hasNoEvents(), "epoch 2 must come first");
        assertEquals(new EpochCommitAcknowledged("node-1", 1), skipped.reply());

        commit(committee(2, 5, 10));
        commit(committee(3, 4, 10));
        assertEquals(Optional.of(committee(3, 4, 10)), view.committee());
        assertEquals(Optional.of(committee(2, 5, 10)), view.committeeOf(2), "the view kept every epoch");

        var history = member.<CommitteeMember.CommitteeHistory>runCommand(
                replyTo -> new CommitteeMember.GetCommittees(2, replyTo)).reply();
        assertEquals(List.of(record(2, 5, 10), record(3, 4, 10)), history.epochs());
    }

    @Test
    void aNewMemberTakesAnyEpochAsItsFirst() {
        var first = commit(committee(5, 4, 10));

        assertEquals(new EpochCommitAcknowledged("node-1", 5), first.reply());
        assertEquals(Optional.of(committee(5, 4, 10)), view.committee());
    }

    @Test
    void syncedShardsAndDoneChangesAreJournaledAndReachTheView() {
        commit(committee(1, 4, 10));
        // Genesis: nothing to receive, so the member reports its shards synced at once.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertEquals(1, member.<Promise>runCommand(GetPromise::new).reply().syncedEpoch()));

        member.runCommand(new CommitteeMember.MarkEpochChangeDone(1));
        assertEquals(1, view.epochChangeDone());
        view.shardsSynced(7); // not committed yet: ignored
        member.runCommand(new CommitteeMember.MarkEpochChangeDone(3)); // not committed yet: ignored

        member.restart();
        Promise promise = member.<Promise>runCommand(GetPromise::new).reply();
        assertEquals(1, promise.syncedEpoch());
        assertEquals(1, promise.doneEpoch());
    }

    @Test
    void aMemberThatGainsShardsWaitsForTheDataPlane() {
        commit(committee(1, 4, 10));
        // node-1 owns shards 0-2 of 10 with 4 members, and 0-4 of 10 with 2: it gains shards at epoch 2.
        commit(committee(2, 2, 10));

        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(1,
                        member.<Promise>runCommand(GetPromise::new).reply().syncedEpoch()));
        view.shardsSynced(2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertEquals(2, member.<Promise>runCommand(GetPromise::new).reply().syncedEpoch()));
    }

    @Test
    void announcesItselfToTheCoordinator() {
        EpochCoordinator.Announce announce = coordinator.expectMessageClass(EpochCoordinator.Announce.class);

        assertEquals("node-1", announce.nodeId());
        assertEquals(keys(1).publicKey(), announce.publicKey());
        assertEquals("http://127.0.0.11:9100", announce.apiUrl());
        assertEquals(1, announce.weight());
        // Not yet in a committee: it keeps announcing at the short interval.
        coordinator.expectMessageClass(EpochCoordinator.Announce.class, Duration.ofSeconds(2));
    }
}
