package io.floe.persistence.memory;

import io.floe.persistence.AbstractNodeStateStoreTest;
import io.floe.persistence.NodeStorage;

/** Runs the {@code NodeStateStore} contract against the in-memory storage. */
class InMemoryNodeStateStoreTest extends AbstractNodeStateStoreTest {
    @Override
    protected NodeStorage openStorage() {
        return new InMemoryNodeStorage();
    }
}
