package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.tls.ClusterTlsStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe tls create}: a CA, its trust store and node key stores it signed; existing files are kept. */
class TlsCommandTest {
    @TempDir
    Path dir;

    @Test
    void createsOneKeyStorePerNodeSignedByTheClusterCa() throws Exception {
        CliRun run = CliRun.of("tls", "create", "--nodes", "2", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("created the cluster CA"), run.out());
        ClusterTlsStores stores = new ClusterTlsStores(dir);
        char[] password = stores.password().toCharArray();
        X509Certificate ca = trustedCa(stores, password);
        for (String node : new String[] {"node-1", "node-2"}) {
            KeyStore keys = KeyStore.getInstance(stores.keyStore(node).toFile(), password);
            Certificate[] chain = keys.getCertificateChain(node);
            X509Certificate leaf = (X509Certificate) chain[0];
            leaf.verify(ca.getPublicKey());
            assertEquals("CN=" + node, leaf.getSubjectX500Principal().getName());
            assertTrue(leaf.getExtendedKeyUsage().containsAll(
                    List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")), "server and client auth");
            assertEquals(-1, leaf.getBasicConstraints(), "a node certificate is no CA");
            assertTrue(keys.isKeyEntry(node));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(stores.keyStore(node))));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.passwordFile())));
        assertFalse(Files.exists(stores.keyStore("node-3")));
    }

    @Test
    void runningAgainKeepsTheCaAndAddsTheMissingNodes() throws Exception {
        CliRun.of("tls", "create", "--nodes", "1", "--dir", dir.toString());
        ClusterTlsStores stores = new ClusterTlsStores(dir);
        byte[] nodeOne = Files.readAllBytes(stores.keyStore("node-1"));

        CliRun again = CliRun.of("tls", "create", "--nodes", "3", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, again.exitCode(), again.err());
        assertTrue(again.out().contains("kept the cluster CA"), again.out());
        assertArrayEquals(nodeOne, Files.readAllBytes(stores.keyStore("node-1")));
        char[] password = stores.password().toCharArray();
        X509Certificate node3 = (X509Certificate) KeyStore.getInstance(stores.keyStore("node-3").toFile(), password)
                .getCertificate("node-3");
        node3.verify(trustedCa(stores, password).getPublicKey());
    }

    @Test
    void refusesBadOptionsAndAHalfCreatedDirectory() throws Exception {
        CliRun noNodes = CliRun.of("tls", "create", "--nodes", "0", "--dir", dir.toString());
        assertEquals(ExitCodes.USAGE, noNodes.exitCode());
        assertTrue(noNodes.err().startsWith("error: invalid --nodes 0"), noNodes.err());
        assertEquals(0, Files.list(dir).count(), "nothing written");

        Files.writeString(dir.resolve("password"), "x");
        CliRun orphan = CliRun.of("tls", "create", "--nodes", "2", "--dir", dir.toString());
        assertEquals(ExitCodes.INPUT, orphan.exitCode());
        assertTrue(orphan.err().contains("no ca.p12"), orphan.err());
        assertEquals(1, orphan.errLines().length, orphan.err());
    }

    private static X509Certificate trustedCa(ClusterTlsStores stores, char[] password) throws Exception {
        KeyStore trust = KeyStore.getInstance(stores.trustStore().toFile(), password);
        String alias = Collections.list(trust.aliases()).get(0);
        assertTrue(trust.isCertificateEntry(alias));
        X509Certificate ca = (X509Certificate) trust.getCertificate(alias);
        ca.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA certificate is a CA");
        return ca;
    }
}
