package io.floe.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.crypto.NodeKeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node key file: created once with owner-only permissions, then reused; a damaged one is refused. */
class NodeIdentityTest {
    @TempDir
    Path dir;

    @Test
    void createsTheKeyOnceAndReusesIt() throws IOException {
        Path file = dir.resolve("data/node-1/node.key");

        NodeKeyPair created = NodeIdentity.loadOrCreate(file);
        NodeKeyPair loaded = NodeIdentity.loadOrCreate(file);

        assertEquals(created.publicKey(), loaded.publicKey());
        assertArrayEquals(created.seed(), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aDamagedKeyFileIsRefusedNotReplaced() throws IOException {
        Path file = dir.resolve("node.key");
        Files.write(file, new byte[7]);

        IOException e = assertThrows(IOException.class, () -> NodeIdentity.loadOrCreate(file));

        assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());
        assertEquals(7, Files.size(file));
    }
}
