package io.floe.serialization;

import static io.floe.testing.TestCommittees.committee;
import static io.floe.testing.TestCommittees.keys;
import static io.floe.testing.TestCommittees.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.epoch.Ballot;
import io.floe.epoch.EpochCoordinator;
import io.floe.epoch.EpochRecord;
import io.floe.epoch.Proposal;
import io.floe.node.CommitteeMember;
import io.floe.protocol.proto.BallotProto;
import io.floe.protocol.proto.CommitteeProto;
import io.floe.protocol.proto.EpochCommittedProto;
import io.floe.shard.ShardActor;
import io.floe.shard.ShardStatus;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every Floe message round-trips through the serializer Pekko picks for it; bad input fails clearly. */
class FloeSerializerTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static Serialization serialization() {
        return SerializationExtension.get(Adapter.toClassic(testKit.system()));
    }

    private static List<Object> samples() {
        TestProbe<Object> probe = testKit.createTestProbe();
        Ballot ballot = new Ballot(7, "node-2");
        Proposal proposal = new Proposal(ballot, record(2, 4, 10));
        return List.of(
                new CommitteeMember.PrepareEpoch(ballot, probe.ref().narrow()),
                new CommitteeMember.ProposeEpoch(ballot, record(1, 4, 10), probe.ref().narrow()),
                new CommitteeMember.CommitEpoch(record(1, 5, 100), probe.ref().narrow()),
                new CommitteeMember.GetCommittees(3, probe.ref().narrow()),
                new CommitteeMember.CommitteeHistory("node-2", List.of(record(3, 4, 10), record(4, 5, 10))),
                new CommitteeMember.MarkEpochChangeDone(4),
                new CommitteeMember.GetCommittee(probe.ref().narrow()),
                new CommitteeMember.GetPromise(probe.ref().narrow()),
                new CommitteeMember.ProposalAccepted("node-1", ballot, 1),
                new CommitteeMember.ProposalRejected("node-1", ballot, Optional.of(new Ballot(9, "node-3")), "lower"),
                new CommitteeMember.EpochCommitAcknowledged("node-4", 3),
                new CommitteeMember.CurrentCommittee("node-1", Optional.of(committee(1, 4, 4))),
                new CommitteeMember.Promise("node-1", Optional.of(ballot), Optional.of(proposal),
                        Optional.of(record(1, 4, 10)), 1, 1),
                new CommitteeMember.EpochPromised(ballot),
                new CommitteeMember.EpochAccepted(ballot, record(1, 4, 10)),
                new CommitteeMember.EpochCommitted(record(1, 4, 10)),
                new CommitteeMember.ShardsSyncedRecorded(5),
                new CommitteeMember.EpochChangeDoneRecorded(4),
                new EpochCoordinator.Announce("node-3", keys(3).publicKey(), "http://127.0.0.13:9100", 3,
                        probe.ref().narrow()),
                new EpochCoordinator.TriggerEpochChange(probe.ref().narrow()),
                new EpochCoordinator.EpochChangeRequested(7, ""),
                new EpochCoordinator.EpochChangeRequested(0, "no committee yet"),
                new ShardActor.GetShardStatus(probe.ref().narrow()),
                new ShardActor.ChangeShardStatus(ShardStatus.LOCKED_TO_MOVE, probe.ref().narrow()),
                new ShardActor.ShardStatusReported(99, "node-2", ShardStatus.ACTIVE_RECOVER),
                new ShardActor.ShardStatusChanged(ShardStatus.ACTIVE_SYNC));
    }

    private static Object roundTrip(Object message) throws Exception {
        Serialization serialization = serialization();
        var serializer = serialization.findSerializerFor(message);
        assertInstanceOf(FloeSerializer.class, serializer, message.getClass().getName());
        byte[] bytes = serializer.toBinary(message);
        String manifest = Serializers.manifestFor(serializer, message);
        assertTrue(manifest.length() <= 24, "manifest " + manifest + " should be short");
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (Object message : samples()) {
            assertEquals(message, roundTrip(message));
        }
    }

    @Test
    void theSamplesCoverEveryBinding() {
        Set<Class<?>> bound = Stream.of(CommitteeMemberCodec.bindings(), EpochCoordinatorCodec.bindings(),
                        ShardActorCodec.bindings())
                .flatMap(List::stream).map(Binding::type).collect(Collectors.toSet());
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());

        assertEquals(bound, sampled);
    }

    @Test
    void optionalPartsMayBeAbsent() throws Exception {
        List<Object> sparse = List.of(
                new CommitteeMember.ProposalRejected("node-1", new Ballot(1, "node-1"), Optional.empty(), "why"),
                new CommitteeMember.CurrentCommittee("node-1", Optional.empty()),
                CommitteeMember.Promise.empty("node-1"));
        for (Object message : sparse) {
            assertEquals(message, roundTrip(message));
        }
    }

    @Test
    void anUnknownManifestIsNotSerializable() {
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serialization().deserialize(new byte[0], FloeSerializer.IDENTIFIER, "cm-frobnicate").get());

        assertTrue(e.getMessage().contains("unknown Floe message manifest 'cm-frobnicate'"), e.getMessage());
    }

    @Test
    void unparseableBytesAreNotSerializable() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};

        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serialization().deserialize(garbage, FloeSerializer.IDENTIFIER, "cm-ev-committed").get());

        assertTrue(e.getMessage().contains("cannot read a Floe 'cm-ev-committed' (EpochCommitted) message"),
                e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNotSerializable() {
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serialization().deserialize(new byte[0], FloeSerializer.IDENTIFIER, "cm-ev-committed").get());

        assertTrue(e.getMessage().contains("required field 'committee' is missing"), e.getMessage());
    }

    @Test
    void anInvalidCommitteeIsNotSerializable() {
        byte[] twoShards = EpochCommittedProto.newBuilder()
                .setCommittee(CommitteeProto.newBuilder(CommitteeCodec.toProto(committee(1, 2, 4)))
                        .removeMembers(1))
                .build().toByteArray();

        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serialization().deserialize(twoShards, FloeSerializer.IDENTIFIER, "cm-ev-committed").get());

        assertTrue(e.getMessage().contains("at least 4"), e.getMessage());
    }

    @Test
    void aCommittedEpochJournaledWithoutAStartStartedIn1970() throws Exception {
        byte[] old = EpochCommittedProto.newBuilder().setCommittee(CommitteeCodec.toProto(committee(1, 4, 10)))
                .build().toByteArray();

        Object read = serialization().deserialize(old, FloeSerializer.IDENTIFIER, "cm-ev-committed").get();

        assertEquals(new CommitteeMember.EpochCommitted(new EpochRecord(committee(1, 4, 10), Instant.EPOCH)), read);
    }

    @Test
    void anAnnouncementWithoutAWeightWeighsOne() throws Exception {
        TestProbe<Object> probe = testKit.createTestProbe();
        var announce = new EpochCoordinator.Announce("node-3", keys(3).publicKey(), "http://x:1", 1,
                probe.ref().narrow());
        byte[] bytes = io.floe.protocol.proto.AnnounceProto.newBuilder(
                io.floe.protocol.proto.AnnounceProto.parseFrom(serialization().serialize(announce).get()))
                .clearWeight().build().toByteArray();

        assertEquals(announce, serialization().deserialize(bytes, FloeSerializer.IDENTIFIER, "ec-announce").get());
    }

    @Test
    void aNegativeBallotRoundIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> CommitteeCodec.fromProto(BallotProto.newBuilder().setRound(-1).build()));
    }
}
