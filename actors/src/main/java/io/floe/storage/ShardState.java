package io.floe.storage;

import io.floe.protocol.BlobId;
import io.floe.shard.ShardStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node records about one shard it holds or is taking over: its status, the epoch it entered it, and the
 * progress of a sync or recovery (the last blob ID done, so a restarted node resumes there).
 *
 * @param epoch the epoch in which the shard was gained (sync, recovery, active) or lost ({@code LOCKED_TO_MOVE})
 * @param cursor the last blob ID synced or recovered; empty before the first page
 * @param synced blobs synced or recovered so far in this transfer
 * @param total blobs to transfer as announced by the source (0 when unknown)
 * @param source the node the shard is pulled from ({@code ACTIVE_SYNC} only)
 * @param recovered blobs handed to recovery because the source lacked a sliver or sent one that failed verification
 */
public record ShardState(int shard, ShardStatus status, long epoch, Optional<BlobId> cursor, long synced, long total,
        Optional<String> source, long recovered) {

    public ShardState {
        if (shard < 0) {
            throw new IllegalArgumentException("shard " + shard + " is negative");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(source, "source");
        if (epoch < 0 || synced < 0 || total < 0 || recovered < 0) {
            throw new IllegalArgumentException("negative epoch or counter in the state of shard " + shard);
        }
    }

    /** A shard entering {@code status} in {@code epoch}, with no progress yet. */
    public static ShardState of(int shard, ShardStatus status, long epoch) {
        return new ShardState(shard, status, epoch, Optional.empty(), 0, 0, Optional.empty(), 0);
    }

    /** A shard pulled from {@code source}, gained in {@code epoch}. */
    public static ShardState syncing(int shard, long epoch, String source) {
        return new ShardState(shard, ShardStatus.ACTIVE_SYNC, epoch, Optional.empty(), 0, 0, Optional.of(source), 0);
    }

    /** This state after one more page: {@code blobs} more done, {@code recoveredBlobs} of them by recovery. */
    public ShardState progressed(Optional<BlobId> newCursor, long blobs, long recoveredBlobs, long newTotal) {
        return new ShardState(shard, status, epoch, newCursor.or(() -> cursor), synced + blobs, newTotal, source,
                recovered + recoveredBlobs);
    }

    /** Whether the node is still taking the shard over ({@code ACTIVE_SYNC} or {@code ACTIVE_RECOVER}). */
    public boolean transferring() {
        return status == ShardStatus.ACTIVE_SYNC || status == ShardStatus.ACTIVE_RECOVER;
    }
}
