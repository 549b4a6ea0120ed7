package io.floe.persistence;

import java.util.Optional;

/**
 * A small key-to-bytes store for node-local state such as the current epoch or sync cursors.
 *
 * <p>Keys are non-empty strings of at most {@link StorageLimits#MAX_STATE_KEY_BYTES} UTF-8 bytes; values are opaque
 * and meant to be small.
 */
public interface NodeStateStore {

    /** Stores a copy of {@code value} under {@code key}, replacing what was there. */
    void put(String key, byte[] value);

    /**
     * A copy of the value stored under {@code key}, or empty.
     *
     * @throws CorruptValueException when the stored bytes fail their checksum
     */
    Optional<byte[]> get(String key);

    /** Deletes {@code key}; deleting nothing is not an error. */
    void delete(String key);
}
