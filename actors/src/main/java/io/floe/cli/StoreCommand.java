package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.floe.client.PublisherClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe store}: stores files on a Floe cluster through its publisher and prints each blob ID. */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Stores files on a Floe cluster through its publisher; prints each blob ID, size and end epoch.")
public final class StoreCommand extends FloeCommand {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The files to store.")
    List<Path> files;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Epochs to store for, from the current one (default: ${DEFAULT-VALUE}).")
    int epochs;

    @ArgGroup(exclusive = true)
    Persistence persistence = new Persistence();

    /** {@code --deletable} or {@code --permanent} (the default). */
    static final class Persistence {
        @Option(names = "--deletable", description = "The blob may be deleted before it expires.")
        boolean deletable;

        @Option(names = "--permanent", description = "The blob stays until its end epoch (default).")
        boolean permanent;
    }

    @Option(names = "--json", description = "Print the publisher's result objects as one JSON array.")
    boolean json;

    @Mixin
    PublisherOptions publisher;

    @Override
    protected int run() {
        if (epochs < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--epochs must be at least 1, got " + epochs);
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CommandFailure(ExitCodes.INPUT, "cannot read " + file + "; pass a readable file");
            }
        }
        PublisherClient client = publisher.client();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        for (Path file : files) {
            JsonNode result;
            try {
                result = client.store(file, epochs, persistence.deletable);
            } catch (RuntimeException e) {
                throw PublisherOptions.failure(e, "storing " + file);
            }
            results.add(result);
            if (!json) {
                out().println(describe(file, result));
            }
        }
        if (json) {
            out().println(results);
        }
        return ExitCodes.OK;
    }

    private static String describe(Path file, JsonNode result) {
        if (result.has("alreadyCertified")) {
            JsonNode certified = result.path("alreadyCertified");
            return file + ": blob ID " + certified.path("blobId").asText() + ", already certified, end epoch "
                    + certified.path("endEpoch").asLong();
        }
        JsonNode blob = result.path("newlyCreated").path("blobObject");
        return file + ": blob ID " + blob.path("blobId").asText() + ", " + Sizes.describe(blob.path("size").asLong())
                + ", end epoch " + blob.path("storage").path("endEpoch").asLong()
                + (blob.path("deletable").asBoolean() ? ", deletable, deletion token "
                        + result.path("newlyCreated").path("deletionToken").asText() + " (keep it to delete the blob)"
                        : "");
    }
}
