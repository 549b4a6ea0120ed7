package io.floe.node;

import io.floe.protocol.crypto.NodeKeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's Ed25519 identity on disk: the 32-byte private seed in {@code node.key} (mode 600), created on first start
 * and reused afterwards, so that a restarted node keeps the key the committee knows it by.
 */
public final class NodeIdentity {
    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);

    private NodeIdentity() {
    }

    /** The key pair stored in {@code file}, or a new one written there (atomically, readable only by the owner). */
    public static NodeKeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        NodeKeyPair keys = NodeKeyPair.generate();
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".node.key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, keys.seed());
            // A hard link appears atomically and never replaces a key another process created meanwhile.
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            return load(file);
        } finally {
            Files.deleteIfExists(temporary);
        }
        log.info("created node key file={} publicKey={}", file, keys.publicKey());
        return keys;
    }

    private static NodeKeyPair load(Path file) throws IOException {
        byte[] seed = Files.readAllBytes(file);
        if (seed.length != NodeKeyPair.SEED_LENGTH) {
            throw new IOException(file + " holds " + seed.length + " bytes, not a " + NodeKeyPair.SEED_LENGTH
                    + "-byte Ed25519 seed; restore the node's key file (deleting it gives the node a new identity)");
        }
        return NodeKeyPair.fromSeed(seed);
    }
}
