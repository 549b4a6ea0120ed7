package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.MetadataStore;
import io.floe.persistence.NodeStateStore;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class LevelDbNodeStorage implements NodeStorage {
    private static final ReadOptions UNCACHED = new ReadOptions().fillCache(false);

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
        try {
            db = JniDBFactory.factory.open(directory.toFile(), options);
        } catch (IOException e) {
            String hint = String.valueOf(e.getMessage()).contains("LOCK")
                    ? " (another node storage, in this process or another, has this directory open)" : "";
            throw new IOException("cannot open LevelDB node storage at " + directory + ": " + e.getMessage() + hint,
                    e);
        }
        try {
            StoreMeta.Counters counters = StoreMeta.checkAndLoad(db, directory);
            SliverFiles files = new SliverFiles(directory, settings.sliverFileBytes(), settings.syncSlivers());
            files.sweep(StoreMeta.referencedFiles(db, files));
            return new LevelDbNodeStorage(settings, db, files, counters);
        } catch (IOException | RuntimeException e) {
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
     * Fsyncs the sliver files written since the last flush ({@link SliverFiles#flush}), then writes an empty synced
     * batch: LevelDB appends it to its one log and fsyncs the log, which holds every earlier write, synced or not.
     * Concurrent flushes are not serialized here, so LevelDB can group them into one fsync.
     */
    @Override
    public void flush() {
        read(db -> {
            files.flush();
            try (WriteBatch empty = db.createWriteBatch()) {
                db.write(empty, new WriteOptions().sync(true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                db.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing LevelDB at " + settings.directory() + " failed", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
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
            BatchWriter writer = new BatchWriter(db, writes, files, sliverBytes, blobInfoCount);
            batch.applyTo(writer);
            writer.writeCounters(sliverBytes, blobInfoCount);
            db.write(writes, new WriteOptions().sync(batch.needsSync(settings)));
            sliverBytes = writer.sliverBytes();
            blobInfoCount = writer.blobInfoCount();
            files.deleteAll(writer.obsoleteFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }
}
