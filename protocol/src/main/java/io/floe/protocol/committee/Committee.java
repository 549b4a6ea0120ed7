package io.floe.protocol.committee;

import io.floe.protocol.crypto.NodePublicKey;
import io.floe.protocol.crypto.ProtocolMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage nodes of one epoch with their keys, addresses and shards, and the quorum arithmetic over shard
 * weights: {@code n} shards, {@code f = (n-1)/3}, validity {@code > f}, quorum {@code > 2f}.
 */
public final class Committee {
    public static final int MIN_SHARDS = 4;

    private final long epoch;
    private final List<CommitteeMember> members;
    private final ShardAssignment assignment;
    private final Map<String, CommitteeMember> byId = new HashMap<>();
    private final Map<NodePublicKey, CommitteeMember> byKey = new HashMap<>();
    private final CommitteeMember[] byShard;

    /**
     * Validates that the members' shards are exactly {@code 0..n-1}, each once, with {@code n ≥ 4}, and that node
     * ids and keys are unique.
     */
    public Committee(long epoch, List<CommitteeMember> members) {
        if (epoch < 0 || epoch > ProtocolMessage.MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside 0.." + ProtocolMessage.MAX_EPOCH);
        }
        this.epoch = epoch;
        this.members = List.copyOf(members);
        Map<String, List<Integer>> shards = new LinkedHashMap<>();
        for (CommitteeMember member : this.members) {
            if (byId.put(member.nodeId(), member) != null) {
                throw new IllegalArgumentException("node id " + member.nodeId()
                        + " appears twice in the committee of epoch " + epoch + "; node ids must be unique");
            }
            CommitteeMember sameKey = byKey.put(member.publicKey(), member);
            if (sameKey != null) {
                throw new IllegalArgumentException("members " + sameKey.nodeId() + " and " + member.nodeId()
                        + " have the same public key " + member.publicKey() + "; every node needs its own key");
            }
            shards.put(member.nodeId(), member.shards());
        }
        int shardCount = shards.values().stream().mapToInt(List::size).sum();
        if (shardCount < MIN_SHARDS) {
            throw new IllegalArgumentException("the committee of epoch " + epoch + " has " + shardCount
                    + " shards; a committee needs at least " + MIN_SHARDS);
        }
        this.assignment = ShardAssignment.of(shards);
        this.byShard = new CommitteeMember[shardCount];
        for (int shard = 0; shard < shardCount; shard++) {
            byShard[shard] = byId.get(assignment.ownerOf(shard));
        }
    }

    public long epoch() {
        return epoch;
    }

    public List<CommitteeMember> members() {
        return members;
    }

    /** {@code n}, the number of shards. */
    public int shards() {
        return byShard.length;
    }

    /** {@code f = (n-1)/3}, the number of shards that may be faulty. */
    public int faulty() {
        return (shards() - 1) / 3;
    }

    public CommitteeMember memberOfShard(int shard) {
        if (shard < 0 || shard >= byShard.length) {
            throw new IllegalArgumentException("shard " + shard + " does not exist; the committee of epoch " + epoch
                    + " has shards 0.." + (byShard.length - 1));
        }
        return byShard[shard];
    }

    /** The number of shards the member with this key owns; 0 for a key that is not a member's. */
    public int weightOf(NodePublicKey publicKey) {
        CommitteeMember member = byKey.get(publicKey);
        return member == null ? 0 : member.weight();
    }

    /** Whether {@code weight} shards include at least one correct one: {@code weight > f}. */
    public boolean isValidity(int weight) {
        return weight > faulty();
    }

    /** Whether {@code weight} shards include a majority of the correct ones: {@code weight > 2f}. */
    public boolean isQuorum(int weight) {
        return weight > 2 * faulty();
    }

    public Optional<CommitteeMember> memberByKey(NodePublicKey publicKey) {
        return Optional.ofNullable(byKey.get(publicKey));
    }

    public Optional<CommitteeMember> memberById(String nodeId) {
        return Optional.ofNullable(byId.get(nodeId));
    }

    /** The shards of every member, to rebalance from at the next epoch change. */
    public ShardAssignment assignment() {
        return assignment;
    }

    /** Two committees are equal when they have the same epoch and the same members in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Committee other && epoch == other.epoch && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + members.hashCode();
    }

    @Override
    public String toString() {
        return "Committee[epoch=" + epoch + ", n=" + shards() + ", members=" + members.size() + "]";
    }
}
