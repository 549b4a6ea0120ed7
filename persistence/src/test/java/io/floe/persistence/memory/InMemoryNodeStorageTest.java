package io.floe.persistence.memory;

import io.floe.persistence.AbstractNodeStorageTest;
import io.floe.persistence.NodeStorage;

/** Runs the {@code NodeStorage} contract (batches, closing) against the in-memory storage. */
class InMemoryNodeStorageTest extends AbstractNodeStorageTest {
    @Override
    protected NodeStorage openStorage() {
        return new InMemoryNodeStorage();
    }
}
