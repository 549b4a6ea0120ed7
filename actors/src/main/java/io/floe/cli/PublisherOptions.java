package io.floe.cli;

import io.floe.client.NodeUnreachableException;
import io.floe.client.PublisherClient;
import io.floe.storage.NodeApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that say where a client command finds a publisher: {@code --url} (repeatable) or {@code --dir}. */
final class PublisherOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "Publisher/aggregator URL, e.g. http://127.0.0.1:9101; repeat it to fall back to the next"
                    + " when one does not answer.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "floe-data",
            description = "Data directory of a local cluster started by 'floe up'; its cluster.json lists the"
                    + " publishers. Used without --url. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long one request may take (ISO-8601, e.g. PT30S). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    PublisherClient client() {
        List<String> targets = urls.isEmpty() ? ClusterFile.read(dir).publisherUrls() : urls;
        for (String url : targets) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid --url '" + url + "': expected http://HOST:PORT");
            }
        }
        return new PublisherClient(targets.stream().map(PublisherOptions::trimSlash).toList(), Duration.ofSeconds(5),
                timeout);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Turns a publisher's error or silence into a failure with the matching exit code. */
    static CommandFailure failure(RuntimeException e, String what) {
        if (e instanceof NodeUnreachableException) {
            return new CommandFailure(ExitCodes.UNAVAILABLE, what + " failed: " + e.getMessage()
                    + "; check that the cluster is running and the URL is right");
        }
        if (e instanceof NodeApiException error) {
            int code = switch (error.httpStatus()) {
                case 413 -> ExitCodes.BLOB_TOO_LARGE;
                case 404, 410 -> ExitCodes.NOT_FOUND;
                case 503 -> ExitCodes.UNAVAILABLE;
                default -> ExitCodes.REJECTED;
            };
            return new CommandFailure(code, what + " failed: " + error.getMessage() + " (" + error.httpStatus() + " "
                    + error.reason() + ")");
        }
        throw e;
    }

}
