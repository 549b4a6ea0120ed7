package io.floe.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The owner's deletion token of a deletable blob: 32 random bytes given once to whoever stored the blob. Members
 * keep only its SHA-256, which is also the blob's object ID, so a certificate binds the blob to its owner.
 */
public final class DeletionToken {
    private DeletionToken() {
    }

    /** SHA-256 of {@code token}. */
    public static byte[] hash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
