package io.floe.persistence.memory;

import io.floe.persistence.MetadataStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory {@link MetadataStore}. */
final class InMemoryMetadataStore implements MetadataStore {
    private final InMemoryNodeStorage storage;
    private final ConcurrentSkipListMap<BlobId, BlobMetadata> metadata = new ConcurrentSkipListMap<>();

    InMemoryMetadataStore(InMemoryNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(BlobMetadata value) {
        storage.atomically(batch -> batch.putMetadata(value));
    }

    @Override
    public Optional<BlobMetadata> get(BlobId blobId) {
        StorageLimits.checkBlobId(blobId);
        return storage.read(() -> Optional.ofNullable(metadata.get(blobId)));
    }

    @Override
    public boolean has(BlobId blobId) {
        StorageLimits.checkBlobId(blobId);
        return storage.read(() -> metadata.containsKey(blobId));
    }

    @Override
    public void delete(BlobId blobId) {
        storage.atomically(batch -> batch.deleteMetadata(blobId));
    }

    void doPut(BlobId blobId, BlobMetadata value) {
        metadata.put(blobId, value);
    }

    void doDelete(BlobId blobId) {
        metadata.remove(blobId);
    }
}
