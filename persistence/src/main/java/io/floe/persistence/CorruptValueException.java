package io.floe.persistence;

import io.floe.protocol.BlobId;
import java.util.Optional;

/**
 * Thrown instead of returning a stored value that fails its checksum or does not parse; callers treat the value as
 * missing and repair it (fetch or recover it again, then overwrite it).
 */
public final class CorruptValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient BlobId blobId;

    /**
     * @param key a readable name of the key whose value is corrupt
     * @param blobId the blob the key belongs to, or {@code null} when it belongs to none
     * @param reason what is wrong with the value
     */
    public CorruptValueException(String key, BlobId blobId, String reason, Throwable cause) {
        super("corrupt value under key " + key + ": " + reason + "; treat it as missing and repair it", cause);
        this.key = key;
        this.blobId = blobId;
    }

    /** A readable name of the key whose value is corrupt, such as {@code sliver/3/<blob ID>/primary}. */
    public String key() {
        return key;
    }

    /** The blob whose value is corrupt, when the key belongs to a blob. */
    public Optional<BlobId> blobId() {
        return Optional.ofNullable(blobId);
    }
}
