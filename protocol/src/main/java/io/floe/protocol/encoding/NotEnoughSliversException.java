package io.floe.protocol.encoding;

/** Fewer distinct slivers (or recovery symbols) were given than decoding needs. */
public final class NotEnoughSliversException extends IllegalArgumentException {
    public NotEnoughSliversException(String message) {
        super(message);
    }
}
