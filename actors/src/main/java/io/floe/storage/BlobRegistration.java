package io.floe.storage;

import io.floe.protocol.crypto.BlobPersistence;
import java.util.Objects;

/**
 * What registering a blob tells a node, as Walrus learns it from Sui: the blob's length before encoding, the first
 * epoch in which it is no longer stored, and whether it is permanent or deletable (with its object ID).
 */
public record BlobRegistration(long unencodedLength, long endEpoch, BlobPersistence persistence) {
    public BlobRegistration {
        if (unencodedLength < 0) {
            throw new IllegalArgumentException("unencoded length is negative: " + unencodedLength);
        }
        if (endEpoch < 0) {
            throw new IllegalArgumentException("end epoch is negative: " + endEpoch);
        }
        Objects.requireNonNull(persistence, "persistence");
    }

    /** Whether the blob may be deleted before its end epoch. */
    public boolean deletable() {
        return persistence instanceof BlobPersistence.Deletable;
    }
}
