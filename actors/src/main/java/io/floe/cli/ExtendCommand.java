package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe extend}: stores a certified blob for more epochs beyond its end epoch. */
@Command(
        name = "extend",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Extends a certified blob by N epochs beyond its current end epoch; prints the new end epoch.")
public final class ExtendCommand extends FloeCommand {
    @Parameters(paramLabel = "BLOB_ID", description = "The blob ID (43 base64url characters).")
    String blobId;

    @Option(names = "--epochs", paramLabel = "N", required = true, description = "Epochs to add.")
    int epochs;

    @Option(names = "--json", description = "Print the publisher's result as JSON.")
    boolean json;

    @Mixin
    PublisherOptions publisher;

    @Override
    protected int run() {
        BlobId id = BlobIds.parse(blobId);
        if (epochs < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--epochs must be at least 1, got " + epochs);
        }
        JsonNode result;
        try {
            result = publisher.client().extend(id, epochs);
        } catch (RuntimeException e) {
            throw PublisherOptions.failure(e, "extending " + id);
        }
        JsonNode extended = result.path("extended");
        out().println(json ? result.toString() : "blob " + id + " extended: end epoch "
                + extended.path("previousEndEpoch").asLong() + " -> " + extended.path("endEpoch").asLong());
        return ExitCodes.OK;
    }
}
