package io.floe.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link NodeStateStore} contract, run against every implementation. */
public abstract class AbstractNodeStateStoreTest {
    protected NodeStorage storage;
    private NodeStateStore store;

    /** A fresh, empty storage. */
    protected abstract NodeStorage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        store = storage.nodeState();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void valuesRoundTripAndOverwrite() {
        store.put("epoch", new byte[] {7});
        store.put("sync-cursor/12", new byte[] {1, 2, 3});
        store.put("epoch", new byte[] {8, 0});
        store.put("empty", new byte[0]);
        store.put("état ✓", new byte[] {9});

        assertArrayEquals(new byte[] {8, 0}, store.get("epoch").orElseThrow());
        assertArrayEquals(new byte[] {1, 2, 3}, store.get("sync-cursor/12").orElseThrow());
        assertArrayEquals(new byte[0], store.get("empty").orElseThrow());
        assertArrayEquals(new byte[] {9}, store.get("état ✓").orElseThrow());
        assertEquals(Optional.empty(), store.get("sync-cursor/1"));
    }

    @Test
    void deleteRemovesTheKey() {
        store.put("a", new byte[] {1});
        store.put("b", new byte[] {2});

        store.delete("a");
        store.delete("never-stored");

        assertEquals(Optional.empty(), store.get("a"));
        assertArrayEquals(new byte[] {2}, store.get("b").orElseThrow());
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = {1, 2, 3};
        store.put("key", value);
        value[0] = 9;
        store.get("key").orElseThrow()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, store.get("key").orElseThrow());
    }

    @Test
    void emptyAndOverlongKeysAreRejected() {
        String longest = "k".repeat(StorageLimits.MAX_STATE_KEY_BYTES);
        store.put(longest, new byte[] {1});

        assertArrayEquals(new byte[] {1}, store.get(longest).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> store.put("", new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> store.put(longest + "k", new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> store.get(""));
    }
}
