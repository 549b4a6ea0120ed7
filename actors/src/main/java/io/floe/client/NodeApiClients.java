package io.floe.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients of every node a data plane talks to: one shared HTTP/1.1 {@link HttpClient}, one {@link NodeApiClient}
 * per URL, and the executor on which calls to several nodes run side by side (each caller bounds its own fan-out).
 */
public final class NodeApiClients implements AutoCloseable {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<String, NodeApiClient> byUrl = new ConcurrentHashMap<>();
    private final ExecutorService fanOut;

    public NodeApiClients(Duration connectTimeout, Duration requestTimeout) {
        this.fanOut = Executors.newCachedThreadPool(daemonThreads("floe-node-client"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** The client of the node API at {@code url}. */
    public NodeApiClient forUrl(String url) {
        return byUrl.computeIfAbsent(url, u -> new NodeApiClient(http, u, requestTimeout));
    }

    /** Where calls to several nodes run in parallel; callers bound how many they start at once. */
    public ExecutorService fanOut() {
        return fanOut;
    }

    /** The shared HTTP client (also used for the publisher API by the command line). */
    public HttpClient http() {
        return http;
    }

    /** Daemon threads named {@code prefix-N}. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
    }
}
