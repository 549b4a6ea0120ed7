package io.floe.persistence.leveldb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a node opens its LevelDB storage: where, whether writes are fsynced, and LevelDB's memory budgets.
 *
 * <p>A batch is fsynced when it changes metadata, blob info or node state and {@code syncMetadata} is set, or when
 * it changes slivers and {@code syncSlivers} is set. Unsynced writes survive a crash of the JVM but not of the
 * machine. See {@link #defaults} for why slivers are synced too.
 *
 * @param directory the database directory; missing parent directories are created
 * @param syncMetadata fsync batches that change metadata, blob info or node state
 * @param syncSlivers fsync batches that change slivers
 * @param writeBufferBytes LevelDB's memtable size: larger buffers mean fewer, larger level-0 files for big values
 * @param blockCacheBytes LevelDB's block cache for keys and small values (sliver reads bypass it)
 * @param sliverFileBytes slivers whose stored value is at least this long are kept in files beside the database
 *     ({@link SliverFiles})
 * @param sliverLogBytes slivers whose stored value is at least this long, and shorter than {@code sliverFileBytes},
 *     are appended to the sliver log beside the database ({@link SliverLog}); smaller ones stay inside it
 * @param sliverLogCacheBytes how many of the most recently synced bytes of the sliver log are left in the operating
 *     system's page cache; older ones are advised out of it ({@link NativePageCache}; Linux only, ignored elsewhere)
 */
public record LevelDbSettings(
        Path directory, boolean syncMetadata, boolean syncSlivers, int writeBufferBytes, long blockCacheBytes,
        int sliverFileBytes, int sliverLogBytes, long sliverLogCacheBytes) {

    /** The default memtable size, 64 MiB. */
    public static final int DEFAULT_WRITE_BUFFER_BYTES = 64 << 20;
    /** The default block cache, 32 MiB. */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;
    /** The default size from which a sliver goes to its own file, 128 KiB. */
    public static final int DEFAULT_SLIVER_FILE_BYTES = 128 << 10;
    /** The default size from which a sliver goes to the sliver log, 4 KiB. */
    public static final int DEFAULT_SLIVER_LOG_BYTES = 4 << 10;
    /** The default of the sliver log's latest synced bytes left in the page cache, 512 MiB. */
    public static final long DEFAULT_SLIVER_LOG_CACHE_BYTES = 512L << 20;

    public LevelDbSettings {
        Objects.requireNonNull(directory, "directory");
        if (writeBufferBytes < (64 << 10)) {
            throw new IllegalArgumentException("LevelDB write buffer must be at least 64 KiB, got "
                    + writeBufferBytes + " bytes");
        }
        if (sliverFileBytes < 1) {
            throw new IllegalArgumentException("the sliver file threshold must be positive, got " + sliverFileBytes
                    + " bytes");
        }
        if (sliverLogBytes < 1) {
            throw new IllegalArgumentException("the sliver log threshold must be positive, got " + sliverLogBytes
                    + " bytes");
        }
        if (sliverLogCacheBytes < 0) {
            throw new IllegalArgumentException("the sliver log's page cache share is negative: " + sliverLogCacheBytes
                    + " bytes");
        }
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("LevelDB block cache is negative: " + blockCacheBytes + " bytes");
        }
    }

    /**
     * Settings for {@code directory} that fsync batches of metadata, blob info and node state but not of slivers,
     * with a 64 MiB memtable and a 32 MiB block cache.
     *
     * <p>Slivers are not synced one by one because nothing acknowledges a sliver put to a user: what a node promises
     * is its signed storage confirmation, and it {@linkplain io.floe.persistence.NodeStorage#flush flushes} before
     * it signs. LevelDB has one log, so that one fsync makes every earlier sliver durable. Syncing each sliver
     * serialized a node's writers on the disk: {@code SliverStoreBench} (1 GiB of random slivers per case, 64 MiB
     * memtable) measured 129 MB/s synced against 186 MB/s unsynced for 1 MiB slivers, and 52 against 117 MB/s for
     * 64 KiB slivers; a 100-shard blob sends each node 50 of them. A certified blob whose slivers were lost in a
     * crash before any confirmation is recovered like any other missing sliver.
     *
     * <p>The memtable is 64 MiB rather than LevelDB's 4 MiB: with 4 MiB the same bench wrote 30–46 MB/s and 2–2.5 times
     * as many bytes to disk, because every few large values forced a flush and a level-0 compaction. It costs up
     * to twice its size in memory (the active and the flushing memtable).
     *
     * <p>Slivers of 128 KiB and more are kept in files ({@link SliverFiles}): a 64 MiB blob's (1–2 MiB on 100 shards)
     * go to files, which LevelDB would otherwise copy and checksum again at every compaction, and which are deleted
     * whole when their blob is. Slivers from 4 KiB are appended to the sliver log ({@link SliverLog}): a 1 MiB
     * blob's (15–30 KiB), for which a file each would cost a file creation and, before a confirmation, an fsync each.
     * Smaller ones stay inside LevelDB, where they cost less than the pointer to them.
     *
     * <p>Of the sliver log, the latest 512 MiB synced stay in the page cache and older pages are dropped from it: a
     * node reads mostly the slivers of recent blobs, and keeping every page it wrote made each write take pages the
     * kernel had not handed out before ({@link NativePageCache}).
     */
    public static LevelDbSettings defaults(Path directory) {
        return new LevelDbSettings(directory, true, false, DEFAULT_WRITE_BUFFER_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_SLIVER_FILE_BYTES, DEFAULT_SLIVER_LOG_BYTES, DEFAULT_SLIVER_LOG_CACHE_BYTES);
    }

    /** These settings with sliver batches synced or not. */
    public LevelDbSettings withSyncSlivers(boolean sync) {
        return new LevelDbSettings(directory, syncMetadata, sync, writeBufferBytes, blockCacheBytes, sliverFileBytes,
                sliverLogBytes, sliverLogCacheBytes);
    }

    /** These settings with metadata, info and state batches synced or not. */
    public LevelDbSettings withSyncMetadata(boolean sync) {
        return new LevelDbSettings(directory, sync, syncSlivers, writeBufferBytes, blockCacheBytes, sliverFileBytes,
                sliverLogBytes, sliverLogCacheBytes);
    }

    /** These settings with another memtable size. */
    public LevelDbSettings withWriteBufferBytes(int bytes) {
        return new LevelDbSettings(directory, syncMetadata, syncSlivers, bytes, blockCacheBytes, sliverFileBytes,
                sliverLogBytes, sliverLogCacheBytes);
    }

    /** These settings with slivers of at least {@code bytes} (stored value length) kept in files. */
    public LevelDbSettings withSliverFileBytes(int bytes) {
        return new LevelDbSettings(directory, syncMetadata, syncSlivers, writeBufferBytes, blockCacheBytes, bytes,
                sliverLogBytes, sliverLogCacheBytes);
    }

    /**
     * These settings with slivers of at least {@code bytes} (stored value length), and below the file threshold,
     * kept in the sliver log.
     */
    public LevelDbSettings withSliverLogBytes(int bytes) {
        return new LevelDbSettings(directory, syncMetadata, syncSlivers, writeBufferBytes, blockCacheBytes,
                sliverFileBytes, bytes, sliverLogCacheBytes);
    }

    /** These settings with the latest {@code bytes} synced of the sliver log left in the page cache. */
    public LevelDbSettings withSliverLogCacheBytes(long bytes) {
        return new LevelDbSettings(directory, syncMetadata, syncSlivers, writeBufferBytes, blockCacheBytes,
                sliverFileBytes, sliverLogBytes, bytes);
    }
}
