package io.floe.persistence.leveldb;

import io.floe.persistence.MetadataStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.Optional;

/** The LevelDB {@link MetadataStore}: BCS metadata under {@code 'm'} keys. */
final class LevelDbMetadataStore implements MetadataStore {
    private final LevelDbNodeStorage storage;

    LevelDbMetadataStore(LevelDbNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(BlobMetadata metadata) {
        storage.atomically(batch -> batch.putMetadata(metadata));
    }

    @Override
    public Optional<BlobMetadata> get(BlobId blobId) {
        byte[] key = KeyLayout.metadata(StorageLimits.checkBlobId(blobId));
        byte[] payload = storage.payload(key, true);
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BlobMetadata.fromBcs(payload));
        } catch (RuntimeException e) {
            throw ValueEnvelope.corrupt(key, "not blob metadata: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean has(BlobId blobId) {
        return storage.exists(KeyLayout.metadata(StorageLimits.checkBlobId(blobId)));
    }

    @Override
    public void delete(BlobId blobId) {
        storage.atomically(batch -> batch.deleteMetadata(blobId));
    }
}
