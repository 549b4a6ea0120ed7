package io.floe.storage;

import io.floe.protocol.BlobId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node says about one blob in {@code GET /v1/blobs/{id}/status}: its lifecycle state, registration and, per
 * shard this node owns, which slivers it holds.
 *
 * @param status one of {@code nonexistent, registered, certified, invalid, expired, deleted}
 * @param objectId base64url object ID of a deletable registration
 * @param shards per owned shard, whether its primary and secondary sliver of the blob are stored
 */
public record BlobStatusReport(
        BlobId blobId,
        String status,
        OptionalLong endEpoch,
        boolean deletable,
        OptionalLong certifiedEpoch,
        Optional<String> objectId,
        Map<Integer, ShardSlivers> shards) {

    /** Whether one shard holds the primary and the secondary sliver of its pair. */
    public record ShardSlivers(boolean primary, boolean secondary) {
        /** Both slivers are stored. */
        public boolean complete() {
            return primary && secondary;
        }
    }

    public BlobStatusReport {
        shards = Map.copyOf(shards);
    }

    /** Whether every owned shard holds both slivers. */
    public boolean complete() {
        return shards.values().stream().allMatch(ShardSlivers::complete);
    }
}
