package io.floe.storage;

import io.floe.protocol.BlobId;
import java.nio.ByteBuffer;

/**
 * What a node keeps of a blob after it removed the blob's records (at garbage collection or on deletion by its
 * owner): why it is gone and its end epoch, 9 bytes in the node-state store, so that reads answer "expired" or
 * "deleted" rather than "unknown". A later registration of the same blob replaces it.
 *
 * @param reason why the blob is gone
 * @param endEpoch the blob's end epoch when it was removed
 */
record Tombstone(Reason reason, long endEpoch) {
    /** Why a blob is no longer stored. */
    enum Reason {
        EXPIRED('E', "expired"),
        DELETED('D', "deleted"),
        INVALID('I', "invalid");

        private final char code;
        private final String status;

        Reason(char code, String status) {
            this.code = code;
            this.status = status;
        }

        /** The status word of the node API ({@code GET .../status}). */
        String status() {
            return status;
        }
    }

    byte[] encode() {
        return ByteBuffer.allocate(9).put((byte) reason.code).putLong(endEpoch).array();
    }

    /** Decodes a stored tombstone; an unknown layout is reported as an {@link IllegalArgumentException}. */
    static Tombstone decode(byte[] bytes) {
        if (bytes.length != 9) {
            throw new IllegalArgumentException("tombstone is " + bytes.length + " bytes, not 9");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        char code = (char) buffer.get();
        for (Reason reason : Reason.values()) {
            if (reason.code == code) {
                return new Tombstone(reason, buffer.getLong());
            }
        }
        throw new IllegalArgumentException("unknown tombstone reason '" + code + "'");
    }

    /** The error a read of the blob answers with. */
    NodeApiException error(BlobId blobId) {
        return switch (reason) {
            case EXPIRED -> NodeApiException.expired("blob " + blobId + " expired at epoch " + endEpoch
                    + " and was removed");
            case DELETED -> NodeApiException.deleted("blob " + blobId + " was deleted by its owner");
            case INVALID -> NodeApiException.blobInvalid("blob " + blobId
                    + " was shown to be inconsistently encoded and was removed");
        };
    }
}
