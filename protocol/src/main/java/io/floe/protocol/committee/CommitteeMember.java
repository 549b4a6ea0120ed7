package io.floe.protocol.committee;

import io.floe.protocol.crypto.NodePublicKey;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One storage node of a committee: its id, the key that signs its confirmations, the URL of its node API and the
 * shards it owns in that epoch (ascending); its weight is its number of shards.
 */
public record CommitteeMember(String nodeId, NodePublicKey publicKey, String apiUrl, List<Integer> shards) {
    public CommitteeMember {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a committee member needs a node id");
        }
        Objects.requireNonNull(publicKey, () -> "member " + nodeId + " has no public key");
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("member " + nodeId + " has no node API URL");
        }
        Objects.requireNonNull(shards, () -> "member " + nodeId + " has no shard list");
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer shard : shards) {
            if (shard == null || shard < 0) {
                throw new IllegalArgumentException("member " + nodeId + " lists shard " + shard
                        + "; shard indices are 0 or more");
            }
            if (!sorted.add(shard)) {
                throw new IllegalArgumentException("member " + nodeId + " lists shard " + shard + " twice");
            }
        }
        shards = List.copyOf(sorted);
    }

    /** The member's voting weight: the number of shards it owns. */
    public int weight() {
        return shards.size();
    }
}
