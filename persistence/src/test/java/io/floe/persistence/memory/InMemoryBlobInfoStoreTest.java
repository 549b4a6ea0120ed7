package io.floe.persistence.memory;

import io.floe.persistence.AbstractBlobInfoStoreTest;
import io.floe.persistence.NodeStorage;

/** Runs the {@code BlobInfoStore} contract against the in-memory storage. */
class InMemoryBlobInfoStoreTest extends AbstractBlobInfoStoreTest {
    @Override
    protected NodeStorage openStorage() {
        return new InMemoryNodeStorage();
    }
}
