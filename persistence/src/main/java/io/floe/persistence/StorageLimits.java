package io.floe.persistence;

import io.floe.protocol.BlobId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The argument limits every store implementation enforces, so that all of them accept and reject the same calls. */
public final class StorageLimits {
    /** The largest shard index a key can hold (two bytes); Walrus committees have at most 49 155 shards. */
    public static final int MAX_SHARD = 0xFFFF;
    /** The longest node-state key, in UTF-8 bytes. */
    public static final int MAX_STATE_KEY_BYTES = 256;

    private StorageLimits() {
    }

    /** Checks that {@code shard} lies in {@code [0, MAX_SHARD]}. */
    public static int checkShard(int shard) {
        if (shard < 0 || shard > MAX_SHARD) {
            throw new IllegalArgumentException("shard " + shard + " outside [0, " + MAX_SHARD + "]");
        }
        return shard;
    }

    /** Checks a page size. */
    public static int checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        return limit;
    }

    /** Checks a blob ID argument. */
    public static BlobId checkBlobId(BlobId blobId) {
        return Objects.requireNonNull(blobId, "blobId");
    }

    /** Checks a node-state key and returns its UTF-8 bytes. */
    public static byte[] checkStateKey(String key) {
        Objects.requireNonNull(key, "key");
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_STATE_KEY_BYTES) {
            throw new IllegalArgumentException("node-state key must have 1.." + MAX_STATE_KEY_BYTES
                    + " UTF-8 bytes, got " + bytes.length);
        }
        return bytes;
    }
}
