package io.floe.persistence.memory;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.StorageBatch;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Collects checked, copied changes as actions that {@link InMemoryNodeStorage} runs under its write lock. */
final class InMemoryBatch implements StorageBatch {
    private final InMemorySliverStore slivers;
    private final InMemoryMetadataStore metadata;
    private final InMemoryBlobInfoStore blobInfo;
    private final InMemoryNodeStateStore nodeState;
    private final List<Runnable> actions = new ArrayList<>();
    private boolean sealed;

    InMemoryBatch(InMemorySliverStore slivers, InMemoryMetadataStore metadata, InMemoryBlobInfoStore blobInfo,
            InMemoryNodeStateStore nodeState) {
        this.slivers = slivers;
        this.metadata = metadata;
        this.blobInfo = blobInfo;
        this.nodeState = nodeState;
    }

    @Override
    public StorageBatch putSliver(int shard, BlobId blobId, Sliver sliver) {
        StorageLimits.checkShard(shard);
        StorageLimits.checkBlobId(blobId);
        Sliver copy = InMemorySliverStore.copy(Objects.requireNonNull(sliver, "sliver"));
        return add(() -> slivers.doPut(shard, blobId, copy));
    }

    @Override
    public StorageBatch deleteSlivers(int shard, BlobId blobId) {
        StorageLimits.checkShard(shard);
        StorageLimits.checkBlobId(blobId);
        return add(() -> slivers.doDeleteBlob(shard, blobId));
    }

    @Override
    public StorageBatch putMetadata(BlobMetadata value) {
        BlobId blobId = Objects.requireNonNull(value, "metadata").blobId();
        return add(() -> metadata.doPut(blobId, value));
    }

    @Override
    public StorageBatch deleteMetadata(BlobId blobId) {
        StorageLimits.checkBlobId(blobId);
        return add(() -> metadata.doDelete(blobId));
    }

    @Override
    public StorageBatch putBlobInfo(BlobId blobId, BlobInfo info) {
        StorageLimits.checkBlobId(blobId);
        Objects.requireNonNull(info, "info");
        return add(() -> blobInfo.doPut(blobId, info));
    }

    @Override
    public StorageBatch deleteBlobInfo(BlobId blobId) {
        StorageLimits.checkBlobId(blobId);
        return add(() -> blobInfo.doDelete(blobId));
    }

    @Override
    public StorageBatch putState(String key, byte[] value) {
        StorageLimits.checkStateKey(key);
        byte[] copy = Objects.requireNonNull(value, "value").clone();
        return add(() -> nodeState.doPut(key, copy));
    }

    @Override
    public StorageBatch deleteState(String key) {
        StorageLimits.checkStateKey(key);
        return add(() -> nodeState.doDelete(key));
    }

    /** Ends the batch and hands over its actions. */
    List<Runnable> seal() {
        sealed = true;
        return List.copyOf(actions);
    }

    private StorageBatch add(Runnable action) {
        if (sealed) {
            throw new IllegalStateException("this batch was already applied or abandoned; start a new one");
        }
        actions.add(action);
        return this;
    }
}
