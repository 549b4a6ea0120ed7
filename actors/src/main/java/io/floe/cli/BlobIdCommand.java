package io.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe blob-id}: encodes a file offline and prints the blob ID Walrus would give it, with its sizes. */
@Command(
        name = "blob-id",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Computes the blob ID of a file for a committee of N shards, offline.",
            "The ID is the one Walrus assigns to the same bytes with the same number of shards."
        })
public final class BlobIdCommand extends FloeCommand {
    @Parameters(paramLabel = "FILE", description = "The file to encode.")
    Path file;

    @Option(names = "--n-shards", paramLabel = "N", required = true,
            description = "Number of shards of the committee (4 to " + EncodingConfig.MAX_SHARDS + ").")
    int shards;

    @Option(names = "--json", description = "Print one JSON object instead of lines for people.")
    boolean json;

    /** What {@code --json} prints; sizes are in bytes. */
    record Result(String blobId, long unencodedSize, long encodedSize, int nShards, int symbolSize) {
    }

    @Override
    protected int run() {
        EncodingConfig config = encodingConfig(shards);
        byte[] blob = BlobFiles.read(file, config);
        Result result;
        try {
            ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
            result = new Result(expanded.blobId().toString(), blob.length, config.encodedLength(blob.length),
                    config.shards(), config.symbolSize(blob.length));
        } catch (OutOfMemoryError e) {
            // The expanded matrix is about n²/(p·s) ≈ 4.5 times the blob; say how to give the JVM more room.
            throw new CommandFailure(ExitCodes.FAILURE, "out of memory encoding " + Sizes.describe(blob.length)
                    + " for " + shards + " shards; give Java more heap, e.g. FLOE_JAVA_OPTS=-Xmx8g");
        }
        if (json) {
            out().println(toJson(result));
        } else {
            out().println("blob ID:         " + result.blobId());
            out().println("unencoded size:  " + Sizes.describe(result.unencodedSize()));
            out().println("encoded size:    " + Sizes.describe(result.encodedSize()));
            out().println("shards:          " + result.nShards());
            out().println("symbol size:     " + Sizes.describe(result.symbolSize()));
        }
        return ExitCodes.OK;
    }

    static EncodingConfig encodingConfig(int shards) {
        try {
            return EncodingConfig.forShards(shards);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid --n-shards: " + e.getMessage()
                    + "; pass a number from " + EncodingConfig.MIN_SHARDS + " to " + EncodingConfig.MAX_SHARDS);
        }
    }

    private static String toJson(Result result) {
        try {
            return new ObjectMapper().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + result, e);
        }
    }
}
