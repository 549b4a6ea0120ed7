package io.floe.protocol.encoding;

/** The slivers decode, but to something the metadata does not describe: the blob was encoded wrongly. */
public final class InconsistentBlobException extends IllegalStateException {
    public InconsistentBlobException(String message) {
        super(message);
    }
}
