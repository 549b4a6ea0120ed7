package io.floe.cli;

import io.floe.protocol.BlobId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe read}: reads a blob from a Floe cluster through its aggregator into a file or stdout. */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Reads a blob from a Floe cluster through its aggregator; writes it to --out or stdout.")
public final class ReadCommand extends FloeCommand {
    @Parameters(paramLabel = "BLOB_ID", description = "The blob ID (43 base64url characters).")
    String blobId;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the blob here instead of stdout.")
    Path out;

    @Mixin
    PublisherOptions publisher;

    @Override
    protected int run() {
        BlobId id;
        try {
            id = BlobId.parse(blobId);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        Path target = out;
        Path temporary = null;
        try {
            if (target == null) {
                temporary = Files.createTempFile("floe-read-", ".blob");
                target = temporary;
            }
            try {
                publisher.client().read(id, target);
            } catch (RuntimeException e) {
                throw PublisherOptions.failure(e, "reading " + id);
            }
            if (temporary != null) {
                OutputStream stdout = System.out;
                Files.copy(temporary, stdout);
                stdout.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot write " + (out == null ? "the blob" : out) + ": "
                    + e.getMessage());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // A leftover temp file is harmless.
                }
            }
        }
    }
}
