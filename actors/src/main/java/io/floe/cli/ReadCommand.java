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
        description = {
            "Reads a blob from a Floe cluster through its aggregator; writes it to --out or stdout. With"
                    + " --out on a terminal a progress bar shows on stderr."
        })
public final class ReadCommand extends FloeCommand {
    @Parameters(paramLabel = "BLOB_ID", description = "The blob ID (43 base64url characters).")
    String blobId;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the blob here instead of stdout.")
    Path out;

    @Option(names = "--json", description = "With --out: print {blobId, out, size, seconds} as JSON when done.")
    boolean json;

    @Mixin
    PublisherOptions publisher;

    /** What {@code --json} prints; {@code size} in bytes. */
    record Result(String blobId, String out, long size, double seconds) {
    }

    @Override
    protected int run() {
        BlobId id;
        try {
            id = BlobId.parse(blobId);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage()
                    + "; pass the 43-character ID that 'floe store' printed");
        }
        if (json && out == null) {
            throw new CommandFailure(ExitCodes.USAGE, "--json needs --out FILE: without it the blob itself goes to"
                    + " stdout");
        }
        Path target = out;
        Path temporary = null;
        try {
            if (target == null) {
                temporary = Files.createTempFile("floe-read-", ".blob");
                target = temporary;
            }
            long started = System.nanoTime();
            // Without --out the blob goes to stdout, which may be this terminal: no bar then.
            try (ProgressBar bar = ProgressBar.forTerminal(err(), out == null ? "" : out.getFileName().toString(), null,
                    json || out == null)) {
                publisher.client().read(id, target, bar);
            } catch (RuntimeException e) {
                throw PublisherOptions.failure(e, "reading " + id);
            }
            if (json) {
                CliJson.print(out(), new Result(id.toString(), out.toString(), Files.size(out),
                        Math.round((System.nanoTime() - started) / 1e6) / 1e3));
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
