package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.floe.client.PublisherClient;
import io.floe.protocol.BlobId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floe list-blobs}: lists the blobs a node of the cluster records, page by page. */
@Command(
        name = "list-blobs",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = "Lists the blobs one node of a Floe cluster records: ID, status, size, end epoch.")
public final class ListBlobsCommand extends FloeCommand {
    private static final int PAGE = 500;
    /** A bound on pages read, so a misbehaving node cannot keep the command running forever. */
    private static final int MAX_PAGES = 100_000;

    @Option(names = "--json", description = "Print one JSON array of the blobs.")
    boolean json;

    @Mixin
    PublisherOptions publisher;

    @Override
    protected int run() {
        PublisherClient client = publisher.client();
        ArrayNode all = new ObjectMapper().createArrayNode();
        BlobId cursor = null;
        int count = 0;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            JsonNode page;
            try {
                page = client.list(cursor, PAGE);
            } catch (RuntimeException e) {
                throw PublisherOptions.failure(e, "listing blobs");
            }
            for (JsonNode blob : page.path("blobs")) {
                count++;
                if (json) {
                    all.add(blob);
                } else {
                    out().println(describe(blob));
                }
            }
            JsonNode next = page.path("next");
            if (!next.isTextual()) {
                break;
            }
            BlobId nextCursor = BlobIds.parse(next.asText());
            if (nextCursor.equals(cursor)) {
                break;
            }
            cursor = nextCursor;
        }
        if (json) {
            out().println(all);
        } else if (count == 0) {
            out().println("no blobs");
        }
        return ExitCodes.OK;
    }

    private static String describe(JsonNode blob) {
        return String.format("%s  %-10s %12s  end epoch %d%s", blob.path("blobId").asText(),
                blob.path("status").asText(), blob.path("size").asLong() + " B", blob.path("endEpoch").asLong(),
                blob.path("deletable").asBoolean() ? "  deletable" : "");
    }
}
