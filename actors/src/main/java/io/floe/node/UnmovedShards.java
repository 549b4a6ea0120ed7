package io.floe.node;

import io.floe.protocol.committee.Committee;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's one fallback for reporting synced shards: a node that receives no shard at an epoch change
 * already holds every shard it owns, so its member reports it at once instead of waiting for the data plane (which
 * reports the nodes that gain shards, once they hold them). Reporting twice is harmless.
 */
final class UnmovedShards {
    private UnmovedShards() {
    }

    /**
     * Whether node {@code nodeId} holds all its shards of {@code committee} as soon as it is committed: in genesis
     * (there is nothing to receive), when it owns no shard, or when every shard it owns it already owned in the
     * {@code previous} committee and it held all of those ({@code syncedEpoch} is the previous epoch or later).
     */
    static boolean holdsAllAtOnce(String nodeId, Optional<Committee> previous, Committee committee, long syncedEpoch) {
        List<Integer> owned = committee.memberById(nodeId).map(member -> member.shards()).orElse(List.of());
        if (committee.epoch() == 1 || owned.isEmpty()) {
            return true;
        }
        if (previous.isEmpty() || syncedEpoch < committee.epoch() - 1) {
            return false;
        }
        List<Integer> before = previous.get().memberById(nodeId).map(member -> member.shards()).orElse(List.of());
        return new HashSet<>(before).containsAll(owned);
    }
}
