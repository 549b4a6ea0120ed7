package io.floe.epoch;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.committee.ShardAssignment;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members that decide the next epoch, with their shard weights: the current committee's members, or for genesis
 * the initial members with the shards genesis would give them. A set of them is a quorum when it holds more than
 * {@code 2f} of the {@code n} shards, so two quorums always share a member.
 */
record Acceptors(Map<String, Integer> weights, int shards) {
    Acceptors {
        weights = Map.copyOf(weights);
    }

    /** The members of {@code committee}, who decide the epoch after it. */
    static Acceptors of(Committee committee) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (CommitteeMember member : committee.members()) {
            weights.put(member.nodeId(), member.weight());
        }
        return new Acceptors(weights, committee.shards());
    }

    /** The initial members, weighted by their genesis shards, who decide epoch 1. */
    static Acceptors genesis(int shards, List<String> initialMembers) {
        ShardAssignment assignment = ShardAssignment.genesis(shards, initialMembers.stream().sorted().toList());
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String nodeId : assignment.nodeIds()) {
            weights.put(nodeId, assignment.shardsOf(nodeId).size());
        }
        return new Acceptors(weights, shards);
    }

    /** The shards the acceptors among {@code nodeIds} hold. */
    int weightOf(Collection<String> nodeIds) {
        return nodeIds.stream().distinct().mapToInt(id -> weights.getOrDefault(id, 0)).sum();
    }

    /** Whether the acceptors among {@code nodeIds} hold more than {@code 2f} shards. */
    boolean isQuorum(Collection<String> nodeIds) {
        return weightOf(nodeIds) > 2 * ((shards - 1) / 3);
    }
}
