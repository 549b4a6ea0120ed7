package io.floe.protocol.crypto;

/** A signed storage confirmation that does not prove what it was expected to prove; the message says why. */
public final class InvalidConfirmationException extends RuntimeException {
    public InvalidConfirmationException(String message) {
        super(message);
    }
}
