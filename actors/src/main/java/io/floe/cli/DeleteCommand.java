package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe delete}: deletes a deletable blob with the owner's token that {@code floe store} printed. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Deletes a deletable blob from a Floe cluster with its owner's deletion token.")
public final class DeleteCommand extends FloeCommand {
    @Parameters(paramLabel = "BLOB_ID", description = "The blob ID (43 base64url characters).")
    String blobId;

    @Option(names = "--token", paramLabel = "TOKEN", required = true,
            description = "The deletion token returned when the blob was stored with --deletable.")
    String token;

    @Option(names = "--json", description = "Print the publisher's result as JSON.")
    boolean json;

    @Mixin
    PublisherOptions publisher;

    @Override
    protected int run() {
        BlobId id = BlobIds.parse(blobId);
        JsonNode result;
        try {
            result = publisher.client().delete(id, token);
        } catch (RuntimeException e) {
            throw PublisherOptions.failure(e, "deleting " + id);
        }
        out().println(json ? result.toString() : "deleted blob " + id);
        return ExitCodes.OK;
    }
}
