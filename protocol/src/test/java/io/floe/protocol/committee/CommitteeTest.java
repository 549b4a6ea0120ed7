package io.floe.protocol.committee;

import static io.floe.protocol.committee.TestCommittees.committee;
import static io.floe.protocol.committee.TestCommittees.keys;
import static io.floe.protocol.committee.TestCommittees.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Committee validation, lookups and quorum arithmetic over shard weights. */
class CommitteeTest {
    @Test
    void quorumArithmeticForTenShards() {
        Committee committee = committee(3, 3, 3, 2, 2);
        assertEquals(10, committee.shards());
        assertEquals(3, committee.faulty());
        assertFalse(committee.isValidity(3));
        assertTrue(committee.isValidity(4));
        assertFalse(committee.isQuorum(6));
        assertTrue(committee.isQuorum(7));
    }

    @Test
    void quorumArithmeticForFourAndHundredShards() {
        Committee four = committee(0, 1, 1, 1, 1);
        assertEquals(1, four.faulty());
        assertFalse(four.isQuorum(2));
        assertTrue(four.isQuorum(3));
        assertTrue(four.isValidity(2));
        Committee hundred = committee(0, 25, 25, 25, 25);
        assertEquals(33, hundred.faulty());
        assertFalse(hundred.isQuorum(66));
        assertTrue(hundred.isQuorum(67));
    }

    @Test
    void lookupsByShardKeyAndId() {
        Committee committee = committee(7, 3, 3, 2, 2);
        assertEquals(7, committee.epoch());
        assertEquals("node-0", committee.memberOfShard(0).nodeId());
        assertEquals("node-1", committee.memberOfShard(5).nodeId());
        assertEquals("node-3", committee.memberOfShard(9).nodeId());
        assertEquals(3, committee.weightOf(keys(1).publicKey()));
        assertEquals(2, committee.weightOf(keys(2).publicKey()));
        assertEquals(0, committee.weightOf(keys(9).publicKey()));
        assertEquals(Optional.of("node-2"), committee.memberByKey(keys(2).publicKey()).map(CommitteeMember::nodeId));
        assertTrue(committee.memberByKey(keys(9).publicKey()).isEmpty());
        assertEquals(List.of(8, 9), committee.memberById("node-3").orElseThrow().shards());
        assertTrue(committee.memberById("node-9").isEmpty());
        assertEquals(List.of(3, 4, 5), committee.assignment().shardsOf("node-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> committee.memberOfShard(10))
                .getMessage().contains("has shards 0..9"));
    }

    @Test
    void membersOwningShardsInAnyOrderAreSorted() {
        Committee committee = new Committee(1, List.of(member(0, List.of(3, 0)), member(1, List.of(2, 1))));
        assertEquals(List.of(0, 3), committee.memberById("node-0").orElseThrow().shards());
        assertEquals("node-1", committee.memberOfShard(2).nodeId());
    }

    @Test
    void tooFewShardsAreRejected() {
        assertMessage(() -> committee(1, 1, 1, 1),
                "the committee of epoch 1 has 3 shards; a committee needs at least 4");
    }

    @Test
    void shardsMustBeExactlyZeroToNMinusOne() {
        assertMessage(() -> new Committee(1, List.of(member(0, List.of(0, 1)), member(1, List.of(2, 4)))),
                "node node-1 owns shard 4, outside 0..3");
        assertMessage(() -> new Committee(1, List.of(member(0, List.of(0, 1)), member(1, List.of(1, 2)))),
                "shard 1 is owned by both node-0 and node-1");
        assertMessage(() -> member(0, List.of(1, 1)), "member node-0 lists shard 1 twice");
        assertMessage(() -> member(0, List.of(-1)), "member node-0 lists shard -1");
    }

    @Test
    void nodeIdsAndKeysMustBeUnique() {
        CommitteeMember first = member(0, List.of(0, 1));
        CommitteeMember sameId = new CommitteeMember("node-0", keys(1).publicKey(), "http://b", List.of(2, 3));
        assertMessage(() -> new Committee(1, List.of(first, sameId)), "node id node-0 appears twice");
        CommitteeMember sameKey = new CommitteeMember("node-1", keys(0).publicKey(), "http://b", List.of(2, 3));
        assertMessage(() -> new Committee(1, List.of(first, sameKey)),
                "members node-0 and node-1 have the same public key");
    }

    @Test
    void epochMustFitAU32() {
        assertMessage(() -> committee(-1, 1, 1, 1, 1), "epoch -1 is outside");
        assertMessage(() -> committee(1L << 32, 1, 1, 1, 1), "epoch 4294967296 is outside");
    }

    @Test
    void committeesWithTheSameEpochAndMembersAreEqual() {
        assertEquals(committee(3, 2, 1, 1), committee(3, 2, 1, 1));
        assertEquals(committee(3, 2, 1, 1).hashCode(), committee(3, 2, 1, 1).hashCode());
        assertNotEquals(committee(3, 2, 1, 1), committee(4, 2, 1, 1));
        assertNotEquals(committee(3, 2, 1, 1), committee(3, 1, 2, 1));
    }

    private static void assertMessage(Runnable action, String expectedPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
