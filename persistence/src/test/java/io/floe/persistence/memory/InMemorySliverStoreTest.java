package io.floe.persistence.memory;

import io.floe.persistence.AbstractSliverStoreTest;
import io.floe.persistence.NodeStorage;

/** Runs the {@code SliverStore} contract against the in-memory storage. */
class InMemorySliverStoreTest extends AbstractSliverStoreTest {
    @Override
    protected NodeStorage openStorage() {
        return new InMemoryNodeStorage();
    }
}
