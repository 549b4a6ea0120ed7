package io.floe.persistence.memory;

import io.floe.persistence.NodeStateStore;
import io.floe.persistence.StorageLimits;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory {@link NodeStateStore}; values are copied in and out. */
final class InMemoryNodeStateStore implements NodeStateStore {
    private final InMemoryNodeStorage storage;
    private final ConcurrentSkipListMap<String, byte[]> state = new ConcurrentSkipListMap<>();

    InMemoryNodeStateStore(InMemoryNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(String key, byte[] value) {
        storage.atomically(batch -> batch.putState(key, value));
    }

    @Override
    public Optional<byte[]> get(String key) {
        StorageLimits.checkStateKey(key);
        return storage.read(() -> Optional.ofNullable(state.get(key)).map(byte[]::clone));
    }

    @Override
    public void delete(String key) {
        storage.atomically(batch -> batch.deleteState(key));
    }

    void doPut(String key, byte[] value) {
        state.put(key, value);
    }

    void doDelete(String key) {
        state.remove(key);
    }
}
