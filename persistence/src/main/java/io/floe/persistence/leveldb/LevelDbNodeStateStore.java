package io.floe.persistence.leveldb;

import io.floe.persistence.NodeStateStore;
import java.util.Optional;

/** The LevelDB {@link NodeStateStore}: opaque values under {@code 'n'} keys. */
final class LevelDbNodeStateStore implements NodeStateStore {
    private final LevelDbNodeStorage storage;

    LevelDbNodeStateStore(LevelDbNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(String key, byte[] value) {
        storage.atomically(batch -> batch.putState(key, value));
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(storage.payload(KeyLayout.nodeState(key), true));
    }

    @Override
    public void delete(String key) {
        storage.atomically(batch -> batch.deleteState(key));
    }
}
