package io.floe.metrics;

import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.MetadataStore;
import io.floe.persistence.NodeStateStore;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.SliverLogUsage;
import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageBatch;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.persistence.BlobInfo;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node's storage that counts the slivers written to and read from its sliver store, whichever path they take
 * (node API, recovery, shard sync), so the storage code itself needs no metrics. Closing it closes the storage.
 */
public final class MeteredStorage implements NodeStorage {
    private final NodeStorage storage;
    private final SliverStore slivers;
    private final FloeMetrics metrics;

    private MeteredStorage(NodeStorage storage, FloeMetrics metrics) {
        this.storage = storage;
        this.metrics = metrics;
        this.slivers = new MeteredSlivers(storage.slivers(), metrics);
    }

    /** {@code storage} with its sliver traffic counted in {@code metrics}. */
    public static NodeStorage wrap(NodeStorage storage, FloeMetrics metrics) {
        return new MeteredStorage(storage, metrics);
    }

    @Override
    public SliverStore slivers() {
        return slivers;
    }

    @Override
    public MetadataStore metadata() {
        return storage.metadata();
    }

    @Override
    public BlobInfoStore blobInfo() {
        return storage.blobInfo();
    }

    @Override
    public NodeStateStore nodeState() {
        return storage.nodeState();
    }

    @Override
    public SliverLogUsage sliverLog() {
        return storage.sliverLog();
    }

    @Override
    public void atomically(Consumer<StorageBatch> changes) {
        List<Long> sliverSizes = new ArrayList<>();
        storage.atomically(batch -> changes.accept(new CountingBatch(batch, sliverSizes)));
        sliverSizes.forEach(size -> metrics.sliverStored(size));
    }

    @Override
    public void flush() {
        storage.flush();
    }

    @Override
    public void close() {
        storage.close();
    }

    private record MeteredSlivers(SliverStore slivers, FloeMetrics metrics) implements SliverStore {
        @Override
        public void put(int shard, BlobId blobId, Sliver sliver) {
            slivers.put(shard, blobId, sliver);
            metrics.sliverStored(sliver.data().length);
        }

        @Override
        public Optional<Sliver> get(int shard, BlobId blobId, SliverType type) {
            Optional<Sliver> sliver = slivers.get(shard, blobId, type);
            sliver.ifPresent(found -> metrics.sliverRead(found.data().length));
            return sliver;
        }

        @Override
        public boolean has(int shard, BlobId blobId, SliverType type) {
            return slivers.has(shard, blobId, type);
        }

        @Override
        public void deleteBlob(int shard, BlobId blobId) {
            slivers.deleteBlob(shard, blobId);
        }

        @Override
        public void deleteShard(int shard) {
            slivers.deleteShard(shard);
        }

        @Override
        public List<BlobId> blobIds(int shard, BlobId after, int limit) {
            return slivers.blobIds(shard, after, limit);
        }

        @Override
        public long bytesStored() {
            return slivers.bytesStored();
        }
    }

    /** Notes the size of every sliver a batch puts; they count once the batch is applied. */
    private record CountingBatch(StorageBatch batch, List<Long> sliverSizes) implements StorageBatch {
        @Override
        public StorageBatch putSliver(int shard, BlobId blobId, Sliver sliver) {
            batch.putSliver(shard, blobId, sliver);
            sliverSizes.add((long) sliver.data().length);
            return this;
        }

        @Override
        public StorageBatch deleteSlivers(int shard, BlobId blobId) {
            batch.deleteSlivers(shard, blobId);
            return this;
        }

        @Override
        public StorageBatch putMetadata(BlobMetadata metadata) {
            batch.putMetadata(metadata);
            return this;
        }

        @Override
        public StorageBatch deleteMetadata(BlobId blobId) {
            batch.deleteMetadata(blobId);
            return this;
        }

        @Override
        public StorageBatch putBlobInfo(BlobId blobId, BlobInfo info) {
            batch.putBlobInfo(blobId, info);
            return this;
        }

        @Override
        public StorageBatch deleteBlobInfo(BlobId blobId) {
            batch.deleteBlobInfo(blobId);
            return this;
        }

        @Override
        public StorageBatch putState(String key, byte[] value) {
            batch.putState(key, value);
            return this;
        }

        @Override
        public StorageBatch deleteState(String key) {
            batch.deleteState(key);
            return this;
        }
    }
}
