package io.floe.protocol.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the genesis spread and of rebalancing over random assignments and weights. */
class ShardAssignmentPropertyTest {
    @Property(tries = 200)
    void genesisAssignsEveryShardOnceWithCountsWithinOne(@ForAll @IntRange(min = 1, max = 1000) int shardCount,
            @ForAll @IntRange(min = 1, max = 40) int nodeCount) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add("n" + i);
        }
        ShardAssignment genesis = ShardAssignment.genesis(shardCount, nodes);
        assertEquals(shardCount, genesis.shardCount());
        assertEveryShardOnce(genesis);
        int min = nodes.stream().mapToInt(node -> genesis.shardsOf(node).size()).min().orElseThrow();
        int max = nodes.stream().mapToInt(node -> genesis.shardsOf(node).size()).max().orElseThrow();
        assertTrue(max - min <= 1, "counts " + min + ".." + max);
    }

    @Property(tries = 300)
    void rebalanceMeetsTargetsWithTheFewestMoves(@ForAll @IntRange(min = 1, max = 300) int shardCount,
            @ForAll @IntRange(min = 1, max = 12) int currentNodes, @ForAll @IntRange(min = 0, max = 12) int newNodes,
            @ForAll long seed) {
        Random random = new Random(seed);
        ShardAssignment current = randomAssignment(shardCount, currentNodes, random);
        Map<String, Long> weights = new LinkedHashMap<>();
        for (String node : current.nodeIds()) {
            if (random.nextInt(3) > 0) {
                weights.put(node, (long) random.nextInt(6));
            }
        }
        for (int i = 0; i < newNodes; i++) {
            weights.put("new" + i, (long) random.nextInt(6));
        }
        if (weights.values().stream().mapToLong(Long::longValue).sum() == 0) {
            weights.put("fallback", 1L);
        }

        Map<String, Integer> targets = ShardAssignment.targets(shardCount, weights, current);
        ShardAssignment next = ShardAssignment.rebalance(current, weights);

        assertEquals(shardCount, next.shardCount());
        assertEveryShardOnce(next);
        assertEquals(List.copyOf(weights.keySet()), next.nodeIds());
        int minimum = 0;
        for (String node : current.nodeIds()) {
            int owned = current.shardsOf(node).size();
            minimum += weights.containsKey(node) ? Math.max(0, owned - targets.get(node)) : owned;
        }
        for (String node : weights.keySet()) {
            assertEquals(targets.get(node), next.shardsOf(node).size(), "shards of " + node);
            Set<Integer> before = new HashSet<>(current.shardsOf(node));
            Set<Integer> after = new HashSet<>(next.shardsOf(node));
            if (before.size() <= targets.get(node)) {
                assertTrue(after.containsAll(before), node + " at or below target lost a shard");
            } else {
                assertTrue(before.containsAll(after), node + " above target gained a shard");
            }
        }
        assertEquals(minimum, current.movesTo(next).size());
    }

    @Property(tries = 300)
    void targetsAreTheQuotaRoundedUpOrDown(@ForAll @IntRange(min = 1, max = 5000) int shardCount,
            @ForAll @IntRange(min = 1, max = 20) int nodeCount, @ForAll long seed) {
        Random random = new Random(seed);
        Map<String, Long> weights = new LinkedHashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            weights.put("n" + i, 1 + (long) random.nextInt(1_000_000));
        }
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        ShardAssignment current = ShardAssignment.genesis(shardCount, List.copyOf(weights.keySet()));
        Map<String, Integer> targets = ShardAssignment.targets(shardCount, weights, current);
        assertEquals(shardCount, targets.values().stream().mapToInt(Integer::intValue).sum());
        for (Map.Entry<String, Long> entry : weights.entrySet()) {
            double quota = (double) shardCount * entry.getValue() / total;
            int target = targets.get(entry.getKey());
            assertTrue(target == Math.floor(quota) || target == Math.floor(quota) + 1,
                    entry.getKey() + ": target " + target + " for quota " + quota);
        }
    }

    @Property(tries = 300)
    void removedNodesOwnNothingAndEveryNodeIsWithinOneOfItsShare(
            @ForAll @IntRange(min = 4, max = 500) int shardCount, @ForAll @IntRange(min = 1, max = 10) int nodeCount,
            @ForAll long seed) {
        Random random = new Random(seed);
        ShardAssignment current = randomAssignment(shardCount, nodeCount, random);
        Map<String, Long> weights = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (String node : current.nodeIds()) {
            if (random.nextInt(4) == 0) {
                removed.add(node);
            } else {
                weights.put(node, 1 + (long) random.nextInt(5));
            }
        }
        weights.put("joined", 1 + (long) random.nextInt(5));
        long total = weights.values().stream().mapToLong(Long::longValue).sum();

        ShardAssignment next = ShardAssignment.rebalance(current, weights);

        for (String node : removed) {
            assertTrue(next.shardsOf(node).isEmpty(), node + " was removed but owns " + next.shardsOf(node));
        }
        for (Map.Entry<String, Long> entry : weights.entrySet()) {
            double share = (double) shardCount * entry.getValue() / total;
            int owned = next.shardsOf(entry.getKey()).size();
            assertTrue(Math.abs(owned - share) < 1, entry.getKey() + " owns " + owned + " for a share of " + share);
        }
    }

    private static ShardAssignment randomAssignment(int shardCount, int nodeCount, Random random) {
        Map<String, List<Integer>> shards = new LinkedHashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            shards.put("old" + i, new ArrayList<>());
        }
        List<String> nodes = List.copyOf(shards.keySet());
        for (int shard = 0; shard < shardCount; shard++) {
            shards.get(nodes.get(random.nextInt(nodeCount))).add(shard);
        }
        return ShardAssignment.of(shards);
    }

    private static void assertEveryShardOnce(ShardAssignment assignment) {
        boolean[] seen = new boolean[assignment.shardCount()];
        int total = 0;
        for (List<Integer> shards : assignment.asMap().values()) {
            for (int shard : shards) {
                assertTrue(!seen[shard], "shard " + shard + " assigned twice");
                seen[shard] = true;
                total++;
            }
        }
        assertEquals(assignment.shardCount(), total);
    }
}
