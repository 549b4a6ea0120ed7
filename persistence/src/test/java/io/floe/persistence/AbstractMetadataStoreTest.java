package io.floe.persistence;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.metadata.BlobMetadata;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link MetadataStore} contract, run against every implementation. */
public abstract class AbstractMetadataStoreTest {
    protected NodeStorage storage;
    private MetadataStore store;

    /** A fresh, empty storage. */
    protected abstract NodeStorage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        store = storage.metadata();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void metadataIsStoredUnderItsBlobId() {
        BlobMetadata first = metadata(1);
        BlobMetadata second = metadata(2);
        store.put(first);
        store.put(second);

        assertEquals(Optional.of(first), store.get(first.blobId()));
        assertEquals(Optional.of(second), store.get(second.blobId()));
        assertTrue(store.has(first.blobId()));
        assertFalse(store.has(blobId(1)));
        assertEquals(Optional.empty(), store.get(blobId(1)));
    }

    @Test
    void puttingTheSameMetadataAgainIsHarmless() {
        store.put(metadata(1));
        store.put(metadata(1));

        assertEquals(Optional.of(metadata(1)), store.get(metadata(1).blobId()));
    }

    @Test
    void deleteRemovesOnlyThatBlobsMetadata() {
        store.put(metadata(1));
        store.put(metadata(2));

        store.delete(metadata(1).blobId());
        store.delete(blobId(5));

        assertFalse(store.has(metadata(1).blobId()));
        assertEquals(Optional.empty(), store.get(metadata(1).blobId()));
        assertEquals(Optional.of(metadata(2)), store.get(metadata(2).blobId()));
    }
}
