package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.CorruptValueException;
import io.floe.persistence.MetadataStore;
import io.floe.persistence.NodeStateStore;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.SliverLogUsage;
import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * A node's storage in one LevelDB database (layout in {@link KeyLayout}, values framed by {@link ValueEnvelope}).
 *
 * <p>Only one instance may open a directory at a time: LevelDB's {@code LOCK} file makes a second open, from this
 * process or another, fail. Batches are applied one at a time under a write lock, because each one reads what it
 * replaces to maintain sliver lengths, the expiry index and the counters; this gives up LevelDB's group commit, so
 * concurrent synced writers each pay their own fsync (batch slivers that arrive together).
 *
 * <p>Larger sliver values live beside the database ({@link SliverFiles}, {@link SliverLog}). A background thread
 * compacts the sliver log every {@link #COMPACTION_INTERVAL_SECONDS} seconds ({@link #compactSliverLog}).
 */
public final class LevelDbNodeStorage implements NodeStorage {
    /** How often the background thread looks for sliver log segments to compact or delete. */
    static final long COMPACTION_INTERVAL_SECONDS = 30;
    /** A log segment with less than this fraction of its bytes live is compacted. */
    static final double COMPACT_BELOW_LIVE_FRACTION = 0.5;
    private static final ReadOptions UNCACHED = new ReadOptions().fillCache(false);
    private static final System.Logger LOG = System.getLogger(LevelDbNodeStorage.class.getName());

    private final LevelDbSettings settings;
    private final DB db;
    private final SliverFiles files;
    // Guards the DB handle: using it after close would crash the JVM in native code, not throw.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private boolean closed;
    private volatile long sliverBytes;
    private volatile long blobInfoCount;

    private final LevelDbSliverStore slivers = new LevelDbSliverStore(this);
    private final LevelDbMetadataStore metadata = new LevelDbMetadataStore(this);
    private final LevelDbBlobInfoStore blobInfo = new LevelDbBlobInfoStore(this);
    private final LevelDbNodeStateStore nodeState = new LevelDbNodeStateStore(this);
    private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "floe-sliver-log-compactor");
        thread.setDaemon(true);
        return thread;
    });

    private LevelDbNodeStorage(LevelDbSettings settings, DB db, SliverFiles files, StoreMeta.Counters counters) {
        this.settings = settings;
        this.db = db;
        this.files = files;
        this.sliverBytes = counters.sliverBytes();
        this.blobInfoCount = counters.blobInfoCount();
    }

    /**
     * Opens (creating if missing) the database in {@code settings.directory()}.
     *
     * @throws IOException when the directory cannot be created, is locked by another open storage, or holds a
     *     database that is not Floe node storage of this layout version
     */
    public static LevelDbNodeStorage open(LevelDbSettings settings) throws IOException {
        return open(settings, SliverLog.DEFAULT_SEGMENT_BYTES);
    }

    /** {@link #open(LevelDbSettings)} with sliver log segments of {@code segmentBytes}; for tests. */
    static LevelDbNodeStorage open(LevelDbSettings settings, long segmentBytes) throws IOException {
        Path directory = settings.directory().toAbsolutePath();
        // LevelDB creates only the last path element itself.
        if (directory.getParent() != null) {
            Files.createDirectories(directory.getParent());
        }
        // No compression: slivers, hashes and signatures are random bytes, which Snappy only spends CPU on.
        Options options = new Options()
                .createIfMissing(true)
                .compressionType(CompressionType.NONE)
                .writeBufferSize(settings.writeBufferBytes())
                .cacheSize(settings.blockCacheBytes());
        DB db;
        LevelDbNativeLibrary.prepare();
        try {
            db = JniDBFactory.factory.open(directory.toFile(), options);
        } catch (IOException e) {
            String hint = String.valueOf(e.getMessage()).contains("LOCK")
                    ? " (another node storage, in this process or another, has this directory open)" : "";
            throw new IOException("cannot open LevelDB node storage at " + directory + ": " + e.getMessage() + hint,
                    e);
        }
        SliverLog log = null;
        try {
            StoreMeta.Counters counters = StoreMeta.checkAndLoad(db, directory);
            List<SliverFiles.Written> referencedFiles = new ArrayList<>();
            Map<Long, Long> liveBytes = new HashMap<>();
            StoreMeta.forEachPlaced(db, placed -> {
                if (placed instanceof SliverLog.Record record) {
                    liveBytes.merge(record.segment(), record.length(), Long::sum);
                } else {
                    referencedFiles.add((SliverFiles.Written) placed);
                }
            });
            log = SliverLog.open(directory, segmentBytes, settings.syncSlivers(), PageCache.system(),
                    settings.sliverLogCacheBytes(), liveBytes);
            SliverFiles files = new SliverFiles(directory, settings.sliverFileBytes(), settings.sliverLogBytes(),
                    settings.syncSlivers(), log);
            Set<Path> referenced = new HashSet<>();
            referencedFiles.forEach(file -> referenced.add(file.path(files)));
            files.sweep(referenced);
            LevelDbNodeStorage storage = new LevelDbNodeStorage(settings, db, files, counters);
            storage.compactor.scheduleWithFixedDelay(storage::compactQuietly, COMPACTION_INTERVAL_SECONDS,
                    COMPACTION_INTERVAL_SECONDS, TimeUnit.SECONDS);
            return storage;
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.close();
            }
            db.close();
            throw e;
        }
    }

    /** The settings this storage was opened with. */
    public LevelDbSettings settings() {
        return settings;
    }

    @Override
    public SliverStore slivers() {
        return slivers;
    }

    @Override
    public MetadataStore metadata() {
        return metadata;
    }

    @Override
    public BlobInfoStore blobInfo() {
        return blobInfo;
    }

    @Override
    public NodeStateStore nodeState() {
        return nodeState;
    }

    @Override
    public void atomically(Consumer<StorageBatch> changes) {
        LevelDbBatch batch = new LevelDbBatch(files);
        boolean committed = false;
        try {
            try {
                changes.accept(batch);
            } finally {
                batch.seal();
            }
            read(db -> {
                if (!batch.isEmpty()) {
                    commit(batch);
                }
                return null;
            });
            committed = true;
        } finally {
            if (!committed) {
                batch.abandon();
            }
        }
    }

    /**
     * Fsyncs the sliver files and log records written since the last flush ({@link SliverFiles#flush}), then writes
     * an empty synced batch: LevelDB appends it to its one log and fsyncs the log, which holds every earlier write,
     * synced or not. Concurrent flushes are not serialized here, so LevelDB can group them into one fsync.
     */
    @Override
    public void flush() {
        read(db -> {
            files.flush();
            try (WriteBatch nothing = db.createWriteBatch()) {
                db.write(nothing, new WriteOptions().sync(true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /**
     * Reclaims the sliver log's dead space: moves the live records of each segment that is mostly dead (under {@link
     * #COMPACT_BELOW_LIVE_FRACTION} of its bytes live) to the newest segment, repointing their entries, then
     * {@linkplain #flush flushes} and deletes the segments left with nothing live. One scan of the {@code 'f'}
     * entries finds the records to move and checks that no entry points into a segment about to be deleted, whatever
     * its live count says (a segment other than the newest gains no records, so the check cannot go stale). A record
     * whose entry changes meanwhile stays where it is (its copy is dead), as does one that fails its checksum: its
     * sliver reads as corrupt until it is recovered and rewritten. The background thread runs this every {@link
     * #COMPACTION_INTERVAL_SECONDS} seconds; a crash midway leaves every entry pointing at a copy that exists.
     *
     * @return how many records moved
     */
    int compactSliverLog() {
        SliverLog log = files.log();
        Set<Long> empty = Set.copyOf(log.emptySegments());
        Set<Long> victims = Set.copyOf(log.compactionCandidates(COMPACT_BELOW_LIVE_FRACTION));
        if (empty.isEmpty() && victims.isEmpty()) {
            return 0;
        }
        List<SliverLog.Record> records = new ArrayList<>();
        Set<Long> pointedAt = new HashSet<>();
        read(db -> {
            StoreMeta.forEachPlaced(db, placed -> {
                if (placed instanceof SliverLog.Record record) {
                    if (victims.contains(record.segment())) {
                        records.add(record);
                    } else if (empty.contains(record.segment())) {
                        pointedAt.add(record.segment());
                    }
                }
            });
            return null;
        });
        int moved = 0;
        for (SliverLog.Record record : records) {
            moved += read(db -> move(db, record)) ? 1 : 0;
        }
        flush();
        List<Long> deletable = new ArrayList<>(victims);
        empty.stream().filter(segment -> !pointedAt.contains(segment)).forEach(deletable::add);
        log.deleteSegments(deletable);
        if (!pointedAt.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "sliver log segments " + pointedAt + " at " + settings.directory()
                    + " counted no live bytes but entries still point into them; they are kept");
        }
        return moved;
    }

    private boolean move(DB db, SliverLog.Record record) {
        byte[] value;
        try {
            value = files.read(record);
            ValueEnvelope.open(record.sliverKey(), value);
        } catch (CorruptValueException e) {
            return false;
        }
        SliverLog.Record copy = files.log().append(record.sliverKey(), value);
        byte[] fileKey = KeyLayout.retable(record.sliverKey(), KeyLayout.SLIVER_FILE);
        boolean repointed = false;
        writeLock.lock();
        try {
            byte[] raw = get(db, fileKey, true);
            if (raw != null && Arrays.equals(raw, ValueEnvelope.seal(fileKey, record.pointer()))) {
                db.put(fileKey, ValueEnvelope.seal(fileKey, copy.pointer()), new WriteOptions().sync(false));
                repointed = true;
            }
        } finally {
            writeLock.unlock();
        }
        files.release(List.of(repointed ? record : copy));
        return repointed;
    }

    private void compactQuietly() {
        try {
            compactSliverLog();
        } catch (IllegalStateException e) {
            // Closed meanwhile.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sliver log compaction at " + settings.directory()
                    + " failed; it is tried again in " + COMPACTION_INTERVAL_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        // Not shutdownNow: an interrupt would close the file channel the compactor is using under every reader. A
        // compaction that runs on stops at its next step, which finds the storage closed.
        compactor.shutdown();
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                files.log().close();
                db.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing LevelDB at " + settings.directory() + " failed", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public SliverLogUsage sliverLog() {
        return read(db -> files.log().usage());
    }

    long sliverBytes() {
        return read(db -> sliverBytes);
    }

    long blobInfoCount() {
        return read(db -> blobInfoCount);
    }

    /** Runs {@code read} with the open database; throws if the storage is closed. */
    <T> T read(Function<DB, T> read) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("LevelDB node storage at " + settings.directory() + " is closed");
            }
            return read.apply(db);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Runs {@code scan} on an iterator positioned at {@code start}, closing the iterator afterwards. */
    <T> T scan(byte[] start, Function<DBIterator, T> scan) {
        return read(db -> {
            try (DBIterator iterator = db.iterator()) {
                iterator.seek(start);
                return scan.apply(iterator);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The sliver files beside this database. */
    SliverFiles files() {
        return files;
    }

    /** The checked payload under {@code key}, or null; large values ({@code cache} false) bypass the block cache. */
    byte[] payload(byte[] key, boolean cache) {
        return read(db -> {
            byte[] raw = get(db, key, cache);
            return raw == null ? null : ValueEnvelope.open(key, raw);
        });
    }

    boolean exists(byte[] key) {
        return read(db -> get(db, key, true) != null);
    }

    /** The raw value under {@code key}, or null; LevelDB's own corruption reports name the key. */
    static byte[] get(DB db, byte[] key, boolean cache) {
        try {
            return cache ? db.get(key) : db.get(key, UNCACHED);
        } catch (DBException e) {
            if (String.valueOf(e.getMessage()).startsWith("Corruption")) {
                throw ValueEnvelope.corrupt(key, "LevelDB reports " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Test hook: the raw stored bytes under {@code key}, envelope included. */
    byte[] rawGet(byte[] key) {
        return read(db -> db.get(key));
    }

    /** Test hook: stores {@code value} under {@code key} as is, bypassing envelopes and bookkeeping. */
    void rawPut(byte[] key, byte[] value) {
        read(db -> {
            db.put(key, value, new WriteOptions().sync(false));
            return null;
        });
    }

    private void commit(LevelDbBatch batch) {
        writeLock.lock();
        try (WriteBatch writes = db.createWriteBatch()) {
            BatchWriter writer = new BatchWriter(db, writes, sliverBytes, blobInfoCount);
            batch.applyTo(writer);
            writer.writeCounters(sliverBytes, blobInfoCount);
            db.write(writes, new WriteOptions().sync(batch.needsSync(settings)));
            sliverBytes = writer.sliverBytes();
            blobInfoCount = writer.blobInfoCount();
            files.release(writer.obsoleteFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }
}
