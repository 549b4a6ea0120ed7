package io.floe.protocol.committee;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which node owns which of the {@code n} shards: every shard exactly once. Holds the pure decisions of the epoch
 * coordinator — the genesis spread and a rebalance that moves as few shards as possible — so they are tested
 * without actors.
 */
public final class ShardAssignment {
    private final Map<String, List<Integer>> shardsByNode;
    private final String[] ownerByShard;

    private ShardAssignment(Map<String, List<Integer>> shardsByNode, String[] ownerByShard) {
        this.shardsByNode = shardsByNode;
        this.ownerByShard = ownerByShard;
    }

    /** One shard move between two epochs: {@code shard} goes from node {@code from} to node {@code to}. */
    public record ShardMove(int shard, String from, String to) {
    }

    /**
     * Checks that the shards of all nodes are exactly {@code 0..n-1}, each once, and keeps the nodes in the map's
     * iteration order; a node may own no shards.
     */
    public static ShardAssignment of(Map<String, ? extends Collection<Integer>> shardsByNode) {
        int shardCount = 0;
        for (Collection<Integer> shards : shardsByNode.values()) {
            shardCount += shards.size();
        }
        if (shardCount == 0) {
            throw new IllegalArgumentException("a shard assignment needs at least one shard");
        }
        String[] owners = new String[shardCount];
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<Integer>> entry : shardsByNode.entrySet()) {
            String node = Objects.requireNonNull(entry.getKey(), "node id");
            for (Integer shard : entry.getValue()) {
                if (shard == null || shard < 0 || shard >= shardCount) {
                    throw new IllegalArgumentException("node " + node + " owns shard " + shard + ", outside 0.."
                            + (shardCount - 1) + " (shards must be exactly 0..n-1, n = " + shardCount + ")");
                }
                if (node.equals(owners[shard])) {
                    throw new IllegalArgumentException("node " + node + " lists shard " + shard + " twice");
                }
                if (owners[shard] != null) {
                    throw new IllegalArgumentException("shard " + shard + " is owned by both " + owners[shard]
                            + " and " + node + "; each shard has exactly one owner");
                }
                owners[shard] = node;
            }
            copy.put(node, List.copyOf(new TreeSet<>(entry.getValue())));
        }
        return new ShardAssignment(Collections.unmodifiableMap(copy), owners);
    }

    /**
     * The first committee's assignment: node {@code i} of {@code nodeIds} gets a contiguous range of shards, the
     * first {@code n mod k} nodes one more than the others, so counts differ by at most one.
     */
    public static ShardAssignment genesis(int shardCount, List<String> nodeIds) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count must be positive, got " + shardCount);
        }
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("a genesis assignment needs at least one node");
        }
        int base = shardCount / nodeIds.size();
        int extra = shardCount % nodeIds.size();
        Map<String, List<Integer>> shards = new LinkedHashMap<>();
        int next = 0;
        for (int i = 0; i < nodeIds.size(); i++) {
            int count = base + (i < extra ? 1 : 0);
            List<Integer> range = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                range.add(next++);
            }
            if (shards.put(nodeIds.get(i), range) != null) {
                throw new IllegalArgumentException("node " + nodeIds.get(i) + " is listed twice");
            }
        }
        return of(shards);
    }

    /**
     * How many shards each node of {@code weights} should own: proportional to its weight, with the shards left
     * after rounding down going to the largest remainders (Hamilton). Ties go to the node that owns more shards in
     * {@code current} (so fewer move), then to the smaller node id. Weights are non-negative with a positive sum.
     */
    public static Map<String, Integer> targets(int shardCount, Map<String, Long> weights, ShardAssignment current) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("cannot assign " + shardCount + " shards to no nodes");
        }
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<String, Long> entry : weights.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw new IllegalArgumentException("node " + entry.getKey() + " has weight " + entry.getValue()
                        + "; weights must be zero or positive");
            }
            total = total.add(BigInteger.valueOf(entry.getValue()));
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("all node weights are zero; at least one node must have weight");
        }
        BigInteger n = BigInteger.valueOf(shardCount);
        Map<String, Integer> targets = new LinkedHashMap<>();
        Map<String, BigInteger> remainders = new LinkedHashMap<>();
        int assigned = 0;
        for (Map.Entry<String, Long> entry : weights.entrySet()) {
            BigInteger[] quotient = n.multiply(BigInteger.valueOf(entry.getValue())).divideAndRemainder(total);
            targets.put(entry.getKey(), quotient[0].intValueExact());
            remainders.put(entry.getKey(), quotient[1]);
            assigned += quotient[0].intValueExact();
        }
        List<String> byRemainder = new ArrayList<>(weights.keySet());
        byRemainder.sort(Comparator.<String, BigInteger>comparing(remainders::get).reversed()
                .thenComparing(Comparator.<String>comparingInt(node -> current.shardsOf(node).size()).reversed())
                .thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < shardCount - assigned; i++) {
            targets.merge(byRemainder.get(i), 1, Integer::sum);
        }
        return targets;
    }

    /**
     * The assignment for the next committee ({@code weights}' nodes, in its iteration order), moving as few shards
     * as possible: shards of nodes that leave and the excess of nodes above their {@link #targets target} go to
     * nodes below theirs; a node at or below its target keeps every shard it has.
     */
    public static ShardAssignment rebalance(ShardAssignment current, Map<String, Long> weights) {
        Map<String, Integer> targets = targets(current.shardCount(), weights, current);
        List<Integer> pool = new ArrayList<>();
        Map<String, List<Integer>> next = new LinkedHashMap<>();
        for (String node : current.nodeIds()) {
            List<Integer> owned = current.shardsOf(node);
            if (!targets.containsKey(node)) {
                pool.addAll(owned);
                continue;
            }
            int keep = Math.min(owned.size(), targets.get(node));
            // Give away the highest shards, so a genesis node keeps the start of its contiguous range.
            pool.addAll(owned.subList(keep, owned.size()));
            next.put(node, new ArrayList<>(owned.subList(0, keep)));
        }
        Collections.sort(pool);
        int taken = 0;
        Map<String, List<Integer>> ordered = new LinkedHashMap<>();
        for (String node : weights.keySet()) {
            List<Integer> shards = next.getOrDefault(node, new ArrayList<>());
            while (shards.size() < targets.get(node)) {
                shards.add(pool.get(taken++));
            }
            ordered.put(node, shards);
        }
        return of(ordered);
    }

    /** The moves that turn this assignment into {@code next}, by shard index. */
    public List<ShardMove> movesTo(ShardAssignment next) {
        if (next.shardCount() != shardCount()) {
            throw new IllegalArgumentException("cannot move between " + shardCount() + " and " + next.shardCount()
                    + " shards; the shard count never changes");
        }
        List<ShardMove> moves = new ArrayList<>();
        for (int shard = 0; shard < ownerByShard.length; shard++) {
            if (!ownerByShard[shard].equals(next.ownerByShard[shard])) {
                moves.add(new ShardMove(shard, ownerByShard[shard], next.ownerByShard[shard]));
            }
        }
        return moves;
    }

    /** {@code n}. */
    public int shardCount() {
        return ownerByShard.length;
    }

    public List<String> nodeIds() {
        return List.copyOf(shardsByNode.keySet());
    }

    /** The node's shards in ascending order; empty for a node that owns none or is not in this assignment. */
    public List<Integer> shardsOf(String nodeId) {
        return shardsByNode.getOrDefault(nodeId, List.of());
    }

    public String ownerOf(int shard) {
        if (shard < 0 || shard >= ownerByShard.length) {
            throw new IllegalArgumentException("shard " + shard + " does not exist; shards are 0.."
                    + (ownerByShard.length - 1));
        }
        return ownerByShard[shard];
    }

    /** Node id to its ascending shards, in node order; unmodifiable. */
    public Map<String, List<Integer>> asMap() {
        return shardsByNode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardAssignment other && shardsByNode.equals(other.shardsByNode);
    }

    @Override
    public int hashCode() {
        return shardsByNode.hashCode();
    }

    @Override
    public String toString() {
        return "ShardAssignment" + shardsByNode;
    }
}
