package io.floe.persistence.memory;

import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.MetadataStore;
import io.floe.persistence.NodeStateStore;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageBatch;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** An in-memory {@link NodeStorage} with the same semantics as the LevelDB one, for tests. */
public final class InMemoryNodeStorage implements NodeStorage {
    private final AtomicLong flushes = new AtomicLong();
    // Reads share the lock and batches take it exclusively, so no read sees half a batch (as with LevelDB).
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private final InMemorySliverStore slivers = new InMemorySliverStore(this);
    private final InMemoryMetadataStore metadata = new InMemoryMetadataStore(this);
    private final InMemoryBlobInfoStore blobInfo = new InMemoryBlobInfoStore(this);
    private final InMemoryNodeStateStore nodeState = new InMemoryNodeStateStore(this);

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
        checkOpen();
        InMemoryBatch batch = new InMemoryBatch(slivers, metadata, blobInfo, nodeState);
        List<Runnable> applied;
        try {
            changes.accept(batch);
        } finally {
            applied = batch.seal();
        }
        write(() -> applied.forEach(Runnable::run));
    }

    /** Nothing to make durable: counts the calls, so that tests can check a node flushes before it signs. */
    @Override
    public void flush() {
        checkOpen();
        flushes.incrementAndGet();
    }

    /** How many times {@link #flush} was called. */
    public long flushes() {
        return flushes.get();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    <T> T read(Supplier<T> read) {
        lock.readLock().lock();
        try {
            checkOpen();
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    void write(Runnable write) {
        lock.writeLock().lock();
        try {
            checkOpen();
            write.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("in-memory node storage is closed");
        }
    }
}
