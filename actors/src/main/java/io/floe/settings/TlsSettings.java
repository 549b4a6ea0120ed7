package io.floe.settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS between nodes ({@code floe.tls}): when enabled, Artery runs over {@code tls-tcp} with this node's key store and
 * the cluster's trust store (PKCS12, as {@code floe tls create} writes them), and both sides of every connection must
 * present a certificate signed by the cluster's CA.
 */
public record TlsSettings(boolean enabled, Optional<Path> keyStore, String keyStorePassword, Optional<Path> trustStore,
        String trustStorePassword) {

    /** TLS off: Artery over plain TCP. */
    public static final TlsSettings DISABLED = new TlsSettings(false, Optional.empty(), "", Optional.empty(), "");

    /** Passwords stay out of logs and error messages. */
    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", keyStore=" + keyStore.map(Path::toString).orElse("")
                + ", trustStore=" + trustStore.map(Path::toString).orElse("") + "]";
    }
}
