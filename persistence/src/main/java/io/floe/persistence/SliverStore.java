package io.floe.persistence;

import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.util.List;
import java.util.Optional;

/**
 * The slivers a node holds, per shard and blob: at most one primary and one secondary sliver for each
 * {@code (shard, blob ID)}.
 *
 * <p>Shards lie in {@code [0, 65535]} ({@link StorageLimits#MAX_SHARD}). Every write is atomic on its own; use
 * {@link NodeStorage#atomically} to combine it with other changes.
 */
public interface SliverStore {

    /** Stores {@code sliver} under its type for {@code (shard, blobId)}, replacing a sliver already stored there. */
    void put(int shard, BlobId blobId, Sliver sliver);

    /**
     * The sliver of {@code type} stored for {@code (shard, blobId)}, or empty.
     *
     * @throws CorruptValueException when the stored bytes fail their checksum or do not parse; treat the sliver as
     *     missing and recover it
     */
    Optional<Sliver> get(int shard, BlobId blobId, SliverType type);

    /** Whether a sliver of {@code type} is stored for {@code (shard, blobId)}, without reading or verifying it. */
    boolean has(int shard, BlobId blobId, SliverType type);

    /** Deletes both slivers of {@code blobId} on {@code shard}; deleting nothing is not an error. */
    void deleteBlob(int shard, BlobId blobId);

    /**
     * Deletes every sliver of {@code shard}, leaving other shards untouched.
     *
     * <p>A large shard is deleted in several atomic steps, not in one: if the node stops midway, part of the shard
     * remains and calling this again finishes the job.
     */
    void deleteShard(int shard);

    /**
     * One page of the blob IDs with at least one sliver on {@code shard}, in ascending blob-ID order, starting after
     * {@code after} (exclusive; {@code null} for the first page), at most {@code limit} of them.
     *
     * <p>Resuming from the last ID of the previous page continues where that page stopped, even if the cursor blob
     * was deleted in between: this is how shard sync pages through a shard and resumes after a restart.
     */
    List<BlobId> blobIds(int shard, BlobId after, int limit);

    /** The first page of {@link #blobIds(int, BlobId, int)}. */
    default List<BlobId> blobIds(int shard, int limit) {
        return blobIds(shard, null, limit);
    }

    /** The total length of the sliver data stored, in bytes (symbol bytes only, without keys or framing). */
    long bytesStored();
}
