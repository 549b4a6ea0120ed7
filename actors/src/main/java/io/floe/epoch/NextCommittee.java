package io.floe.epoch;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.NodePublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The committee of the next epoch, decided from the current one and the nodes that count now: nodes that joined get
 * shards, nodes missing lose all theirs, every node owns shards in proportion to its weight, and as few shards move
 * as possible ({@link ShardAssignment#rebalance}). Members keep their order; new ones follow in node-id order.
 */
public final class NextCommittee {
    private NextCommittee() {
    }

    /** A node that counts for the next committee, as it announced itself. */
    public record Candidate(String nodeId, NodePublicKey publicKey, String apiUrl, long weight) {
    }

    /** The committee of epoch {@code current.epoch() + 1}; empty when no candidate has weight. */
    public static Optional<Committee> of(Committee current, Collection<Candidate> candidates) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        for (CommitteeMember member : current.members()) {
            candidates.stream().filter(c -> c.nodeId().equals(member.nodeId())).findFirst()
                    .ifPresent(candidate -> byId.put(candidate.nodeId(), candidate));
        }
        candidates.stream().sorted(Comparator.comparing(Candidate::nodeId))
                .forEach(candidate -> byId.putIfAbsent(candidate.nodeId(), candidate));
        Map<String, Long> weights = new LinkedHashMap<>();
        byId.values().forEach(candidate -> weights.put(candidate.nodeId(), candidate.weight()));
        if (weights.values().stream().mapToLong(Long::longValue).sum() == 0) {
            return Optional.empty();
        }
        ShardAssignment next = ShardAssignment.rebalance(current.assignment(), weights);
        List<CommitteeMember> members = new ArrayList<>();
        for (Candidate candidate : byId.values()) {
            List<Integer> shards = next.shardsOf(candidate.nodeId());
            if (!shards.isEmpty()) {
                members.add(new CommitteeMember(candidate.nodeId(), candidate.publicKey(), candidate.apiUrl(),
                        shards));
            }
        }
        return Optional.of(new Committee(current.epoch() + 1, members));
    }
}
