package io.floe.protocol.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.committee.ShardAssignment.ShardMove;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The genesis spread, Hamilton targets and minimal-movement rebalancing on hand-worked examples. */
class ShardAssignmentTest {
    @Test
    void genesisGivesContiguousRangesAndTheRemainderToTheFirstNodes() {
        ShardAssignment genesis = ShardAssignment.genesis(10, List.of("a", "b", "c"));
        assertEquals(Map.of("a", List.of(0, 1, 2, 3), "b", List.of(4, 5, 6), "c", List.of(7, 8, 9)), genesis.asMap());
        assertEquals(List.of("a", "b", "c"), genesis.nodeIds());
        assertEquals("b", genesis.ownerOf(6));
        assertEquals(10, genesis.shardCount());
    }

    @Test
    void targetsUseLargestRemainders() {
        ShardAssignment none = ShardAssignment.genesis(10, List.of("x"));
        assertEquals(Map.of("a", 5, "b", 3, "c", 2),
                ShardAssignment.targets(10, weights("a", 5, "b", 3, "c", 2), none));
        // 10/3 = 3.33 and 20/3 = 6.67: b has the larger remainder
        assertEquals(Map.of("a", 3, "b", 7), ShardAssignment.targets(10, weights("a", 1, "b", 2), none));
        assertEquals(Map.of("a", 0, "b", 10), ShardAssignment.targets(10, weights("a", 0, "b", 2), none));
        // weights whose product with n overflows a long
        assertEquals(Map.of("a", 5, "b", 5),
                ShardAssignment.targets(10, weights("a", Long.MAX_VALUE, "b", Long.MAX_VALUE), none));
    }

    @Test
    void equalRemaindersGoToTheNodeThatAlreadyHoldsTheShard() {
        ShardAssignment current = ShardAssignment.of(map("a", List.of(0, 1, 2), "b", List.of(3, 4, 5),
                "c", List.of(6, 7, 8, 9)));
        Map<String, Long> same = weights("a", 1, "b", 1, "c", 1);
        assertEquals(Map.of("a", 3, "b", 3, "c", 4), ShardAssignment.targets(10, same, current));
        assertEquals(current, ShardAssignment.rebalance(current, same));
        assertEquals(List.of(), current.movesTo(ShardAssignment.rebalance(current, same)));
    }

    @Test
    void shardsOfALeavingNodeGoToTheNodesBelowTarget() {
        ShardAssignment current = ShardAssignment.genesis(12, List.of("a", "b", "c", "d"));
        ShardAssignment next = ShardAssignment.rebalance(current, weights("a", 1, "b", 1, "c", 1));
        assertEquals(map("a", List.of(0, 1, 2, 9), "b", List.of(3, 4, 5, 10), "c", List.of(6, 7, 8, 11)),
                next.asMap());
        assertEquals(List.of(new ShardMove(9, "d", "a"), new ShardMove(10, "d", "b"), new ShardMove(11, "d", "c")),
                current.movesTo(next));
    }

    @Test
    void aJoiningNodeTakesOnlyTheExcessOfOthers() {
        ShardAssignment current = ShardAssignment.genesis(10, List.of("a", "b", "c"));
        ShardAssignment next = ShardAssignment.rebalance(current, weights("a", 1, "b", 1, "c", 1, "d", 1));
        // all remainders tie: the extra shards go to a (holds 4), then b (holds 3, smaller id than c)
        assertEquals(map("a", List.of(0, 1, 2), "b", List.of(4, 5, 6), "c", List.of(7, 8), "d", List.of(3, 9)),
                next.asMap());
        assertEquals(2, current.movesTo(next).size());
    }

    @Test
    void malformedAssignmentsAndWeightsAreRejected() {
        assertMessage(() -> ShardAssignment.of(map("a", List.of(0, 1), "b", List.of(1, 2))),
                "shard 1 is owned by both a and b");
        assertMessage(() -> ShardAssignment.of(map("a", List.of(0, 3))), "node a owns shard 3, outside 0..1");
        assertMessage(() -> ShardAssignment.of(map("a", List.of(0, 0))), "node a lists shard 0 twice");
        assertMessage(() -> ShardAssignment.genesis(4, List.of("a", "a")), "node a is listed twice");
        ShardAssignment current = ShardAssignment.genesis(4, List.of("a"));
        assertMessage(() -> ShardAssignment.rebalance(current, weights("a", -1, "b", 2)), "node a has weight -1");
        assertMessage(() -> ShardAssignment.rebalance(current, weights("a", 0, "b", 0)), "all node weights are zero");
        assertMessage(() -> ShardAssignment.rebalance(current, Map.of()), "cannot assign 4 shards to no nodes");
    }

    private static Map<String, Long> weights(Object... pairs) {
        Map<String, Long> weights = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            weights.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return weights;
    }

    private static Map<String, List<Integer>> map(Object... pairs) {
        Map<String, List<Integer>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Integer> shards = (List<Integer>) pairs[i + 1];
            map.put((String) pairs[i], shards);
        }
        return map;
    }

    private static void assertMessage(Runnable action, String expectedPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
