package io.floe.protocol.committee;

/** A certificate, or a confirmation offered for one, that does not prove availability; the message says why. */
public final class CertificateException extends RuntimeException {
    public CertificateException(String message) {
        super(message);
    }
}
