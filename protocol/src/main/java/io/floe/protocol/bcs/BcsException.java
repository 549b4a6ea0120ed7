package io.floe.protocol.bcs;

/** Bytes that are not a valid BCS encoding of the expected value. */
public final class BcsException extends IllegalArgumentException {
    public BcsException(String message) {
        super(message);
    }
}
