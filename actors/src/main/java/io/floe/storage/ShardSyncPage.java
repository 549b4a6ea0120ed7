package io.floe.storage;

import io.floe.protocol.BlobId;
import java.util.List;
import java.util.Optional;

/**
 * A page of {@code GET /v1/shards/{shard}/slivers}: the certified, unexpired blobs with slivers on the shard after
 * the request's cursor, where the next page starts, whether more follow, and (first page only) how many blobs the
 * shard holds at the source.
 */
public record ShardSyncPage(int shard, List<SyncedBlob> blobs, Optional<BlobId> cursor, boolean more, long total) {
    public ShardSyncPage {
        blobs = List.copyOf(blobs);
    }
}
