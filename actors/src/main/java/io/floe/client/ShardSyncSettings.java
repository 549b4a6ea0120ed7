package io.floe.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node takes over shards at epoch changes ({@link ShardSyncWorker}): blobs and bytes per page asked of the
 * previous owner, requests to it before falling back to recovery and the pause between them, and recovery attempts
 * per blob before the transfer moves on and leaves the blob to the repair worker.
 */
public record ShardSyncSettings(int pageBlobs, long pageBytes, int sourceAttempts, Duration retryDelay,
        int recoveryAttempts) {
    /** The largest page a node serves, in blobs. */
    public static final int MAX_PAGE_BLOBS = 1000;

    public ShardSyncSettings {
        if (pageBlobs < 1 || pageBlobs > MAX_PAGE_BLOBS) {
            throw new IllegalArgumentException("floe.data-plane.shard-sync.page-blobs must be between 1 and "
                    + MAX_PAGE_BLOBS + ", got " + pageBlobs);
        }
        if (pageBytes < 1) {
            throw new IllegalArgumentException("floe.data-plane.shard-sync.page-bytes must be positive, got "
                    + pageBytes);
        }
        if (sourceAttempts < 1 || recoveryAttempts < 1) {
            throw new IllegalArgumentException("floe.data-plane.shard-sync.source-attempts and recovery-attempts must"
                    + " be positive, got " + sourceAttempts + " and " + recoveryAttempts);
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("floe.data-plane.shard-sync.retry-delay is negative: " + retryDelay);
        }
    }

    /** 64 blobs or 16 MiB per page, 3 requests 1 s apart, 3 recovery attempts per blob. */
    public static ShardSyncSettings defaults() {
        return new ShardSyncSettings(64, 16L << 20, 3, Duration.ofSeconds(1), 3);
    }

    /** These settings with {@code blobs} per page. */
    public ShardSyncSettings withPageBlobs(int blobs) {
        return new ShardSyncSettings(blobs, pageBytes, sourceAttempts, retryDelay, recoveryAttempts);
    }
}
