package io.floe.persistence.memory;

import io.floe.persistence.AbstractMetadataStoreTest;
import io.floe.persistence.NodeStorage;

/** Runs the {@code MetadataStore} contract against the in-memory storage. */
class InMemoryMetadataStoreTest extends AbstractMetadataStoreTest {
    @Override
    protected NodeStorage openStorage() {
        return new InMemoryNodeStorage();
    }
}
