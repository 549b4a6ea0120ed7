package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.PublisherClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
        description = {
            "Stores files on a Floe cluster through its publisher; prints each blob ID, size and end epoch,"
                    + " and for several files a total. A file that fails does not stop the others; the exit code is the"
                    + " first failure's. On a terminal a progress bar shows on stderr."
        })
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

    @Option(names = "--json", description = "Print one JSON array: per file, {\"file\": ...} with the publisher's"
            + " result (newlyCreated or alreadyCertified) or an error object.")
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
        ArrayNode results = CliJson.mapper().createArrayNode();
        int exitCode = ExitCodes.OK;
        int stored = 0;
        int alreadyCertified = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (Path file : files) {
            ObjectNode entry = results.addObject();
            entry.put("file", file.toString());
            JsonNode result;
            try (ProgressBar bar = ProgressBar.forTerminal(err(), file.getFileName().toString(),
                    "sent; encoding and certifying", json)) {
                result = client.store(file, epochs, persistence.deletable, bar);
            } catch (RuntimeException e) {
                // One file failing does not stop the others; the exit code is the first failure's.
                CommandFailure failure = PublisherOptions.failure(e, "storing " + file);
                String message = FloeCommand.oneLine(failure.getMessage());
                err().println("error: " + message);
                err().flush();
                entry.setAll(CliJson.error(failure.exitCode(), message));
                exitCode = exitCode == ExitCodes.OK ? failure.exitCode() : exitCode;
                continue;
            }
            if (result instanceof ObjectNode object) {
                entry.setAll(object);
            } else {
                entry.set("result", result);
            }
            stored++;
            alreadyCertified += result.has("alreadyCertified") ? 1 : 0;
            bytes += sizeOf(file);
            if (!json) {
                out().println(describe(file, result));
                out().flush();
            }
        }
        if (json) {
            CliJson.print(out(), results);
        } else if (files.size() > 1) {
            double seconds = (System.nanoTime() - started) / 1e9;
            out().println(String.format(Locale.ROOT, "%d of %d files stored%s, %s in %.1f s (%s/s)%s", stored,
                    files.size(), alreadyCertified > 0 ? " (" + alreadyCertified + " already certified)" : "",
                    Sizes.human(bytes), seconds, Sizes.human((long) (bytes / Math.max(seconds, 1e-3))),
                    stored < files.size() ? "; " + (files.size() - stored) + " failed, see the errors above" : ""));
        }
        return exitCode;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
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
