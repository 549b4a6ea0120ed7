package io.floe.http;

import io.floe.health.ClusterReporter;
import io.floe.health.NodeStatusReporter;
import io.floe.metrics.FloeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The admin surface on the node API (docs/node-api.md): {@code GET /v1/status} (this node),
 * {@code GET /v1/cluster} (the committee, gathered from every member), {@code GET /metrics} (Prometheus) and the
 * status page at {@code /}. Unsealed: paths it does not know fall through to the node API's routes.
 */
final class AdminRoutes extends AllDirectives {
    private static final String PAGE_RESOURCE = "status.html";
    /** Prometheus' text exposition format. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeStatusReporter status;
    private final ClusterReporter cluster;
    private final FloeMetrics metrics;
    private final Executor blocking;
    private final Executor gathering;
    private final byte[] page;

    /**
     * @param gathering where {@code /v1/cluster} waits for the other members (not the blocking dispatcher of the node
     *     API, which must stay free to answer the other members' own requests)
     */
    AdminRoutes(NodeStatusReporter status, ClusterReporter cluster, FloeMetrics metrics, Executor blocking,
            Executor gathering) {
        this.status = status;
        this.cluster = cluster;
        this.metrics = metrics;
        this.blocking = blocking;
        this.gathering = gathering;
        this.page = loadPage();
    }

    Route route() {
        return concat(
                pathSingleSlash(() -> get(() -> complete(HttpResponse.create()
                        .withEntity(ContentTypes.TEXT_HTML_UTF8, page)))),
                path("metrics", () -> get(() -> on(blocking, () -> HttpResponse.create().withEntity(
                        ContentTypes.parse(PROMETHEUS_TEXT), metrics.scrape().getBytes(StandardCharsets.UTF_8))))),
                pathPrefix("v1", () -> concat(
                        path("status", () -> get(() -> on(blocking, () ->
                                NodeApiRoutes.success(200, status.status())))),
                        path("cluster", () -> get(() -> on(gathering, () ->
                                NodeApiRoutes.success(200, cluster.cluster())))))));
    }

    private Route on(Executor executor, Supplier<HttpResponse> work) {
        return completeWithFuture(CompletableFuture.supplyAsync(work, executor).exceptionally(ApiErrors::response));
    }

    private static byte[] loadPage() {
        try (InputStream in = AdminRoutes.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE_RESOURCE + " is missing from the jar; rebuild floe.jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PAGE_RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
