package io.floe.cli;

import io.floe.client.NodeApiClients;
import io.floe.client.NodeUnreachableException;
import io.floe.protocol.committee.Committee;
import io.floe.storage.NodeApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options that say where a command finds the storage nodes' node API: {@code --url} (any node; the committee
 * it knows names the others) or {@code --dir} (the {@code cluster.json} of a {@code floe up} cluster).
 */
final class NodeApiOptions {
    @Option(names = "--url", paramLabel = "URL", split = ",",
            description = "Node API URL of any storage node, e.g. http://127.0.0.11:9100 (not the publisher's);"
                    + " repeat it or separate URLs with commas to fall back to the next.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "floe-data",
            description = "Data directory of a local cluster started by 'floe up'; its cluster.json lists the"
                    + " nodes. Used without --url. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long one request to one node may take. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    /** The cluster file of {@code --dir}, or empty when {@code --url} is given. */
    Optional<ClusterFile> clusterFile() {
        return urls.isEmpty() ? Optional.of(ClusterFile.read(dir)) : Optional.empty();
    }

    /** The node API URLs to start from, checked to look like URLs. */
    List<String> urls() {
        List<String> targets = urls.isEmpty() ? ClusterFile.read(dir).nodeApiUrls() : urls;
        if (targets.isEmpty()) {
            throw new CommandFailure(ExitCodes.INPUT, dir.resolve(ClusterFile.NAME) + " lists no node with a"
                    + " nodeApiUrl; was it written by 'floe up'? Or pass --url");
        }
        for (String url : targets) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid --url '" + url + "': expected http://HOST:PORT");
            }
        }
        return targets.stream().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url).toList();
    }

    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    NodeApiClients clients() {
        Duration timeout = timeout();
        return new NodeApiClients(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5),
                timeout);
    }

    /**
     * The committee known by the first of {@code urls} that answers with one.
     *
     * @throws CommandFailure {@link ExitCodes#UNAVAILABLE} when none does, saying why for each
     */
    static Committee committee(NodeApiClients clients, List<String> urls) {
        List<String> failures = new ArrayList<>();
        int notNodeApis = 0;
        for (String url : urls) {
            try {
                return clients.forUrl(url).committee();
            } catch (NodeUnreachableException e) {
                failures.add(url + " does not answer");
            } catch (NodeApiException e) {
                if (e.httpStatus() == 404) {
                    notNodeApis++;
                    failures.add(url + " is not a node API (is it a publisher URL?)");
                } else {
                    failures.add(url + " answered " + e.httpStatus() + " " + e.reason() + ": " + e.getMessage());
                }
            } catch (IllegalArgumentException e) {
                notNodeApis++;
                failures.add(url + " is not a node API (" + e.getMessage() + ")");
            }
        }
        if (notNodeApis == urls.size()) {
            throw new CommandFailure(ExitCodes.USAGE, String.join("; ", failures) + "; pass a node API URL with"
                    + " --url (port 9100 in a 'floe up' cluster), or --dir");
        }
        throw new CommandFailure(ExitCodes.UNAVAILABLE, "no node told its committee: " + String.join("; ", failures)
                + "; start the cluster with 'floe up', or pass a node API URL (port 9100 in a 'floe up' cluster)"
                + " with --url");
    }

    /** {@code call} on every item at once on the clients' fan-out threads; results in item order. */
    static <T, R> List<R> inParallel(NodeApiClients clients, List<T> items, Function<T, R> call) {
        List<CompletableFuture<R>> futures = items.stream()
                .map(item -> CompletableFuture.supplyAsync(() -> call.apply(item), clients.fanOut())).toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
