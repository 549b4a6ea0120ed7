package io.floe.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.NodeDataPlane;
import io.floe.protocol.committee.Committee;
import io.floe.shard.ShardActor;
import io.floe.shard.ShardStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin surfaces of real nodes: four clustered nodes in this JVM with the HTTP data plane and Pekko Management,
 * 16 shards. {@code /ready} before and after the committee forms, {@code /v1/status}, the cluster metrics, a shard
 * that is not Active, a stopped node in {@code /v1/cluster}, and the status page as headless Chromium renders it.
 */
class AdminIT {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final Duration FORMATION = Duration.ofSeconds(120);
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(int node) {
        PekkoManagement.get(cluster.start(node)).start().toCompletableFuture().join();
    }

    @Test
    void adminSurfacesFollowTheCluster() throws Exception {
        cluster = new LocalCluster(dir, NODES, SHARDS, new NodeDataPlane());
        start(1);
        await().atMost(FORMATION).ignoreExceptions().until(() ->
                status(LocalCluster.managementUrl(1) + "/alive") == 200);
        // The genesis committee needs all four initial members: alone, node 1 is alive but not ready.
        assertNotEquals(200, status(LocalCluster.managementUrl(1) + "/ready"), "ready without a committee");
        JsonNode lonely = data(get(LocalCluster.nodeApiUrl(1) + "/v1/status"));
        assertEquals(false, lonely.path("ready").asBoolean(), lonely.toString());
        assertEquals(0, lonely.path("epoch").path("epoch").asLong(), lonely.toString());
        assertEquals(503, get(LocalCluster.nodeApiUrl(1) + "/v1/cluster").statusCode());

        for (int node = 2; node <= NODES; node++) {
            start(node);
        }
        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            for (int node = 1; node <= NODES; node++) {
                assertEquals(200, status(LocalCluster.managementUrl(node) + "/ready"), "node-" + node);
            }
        });

        JsonNode status = data(get(LocalCluster.nodeApiUrl(2) + "/v1/status"));
        assertEquals("node-2", status.path("nodeId").asText());
        assertEquals(LocalCluster.managementUrl(2), status.path("address").path("managementUrl").asText());
        assertEquals(LocalCluster.nodeApiUrl(2) + "/metrics", status.path("address").path("metricsUrl").asText());
        assertTrue(status.path("address").path("artery").asText().startsWith("pekko://floe@"), status.toString());
        assertEquals(1, status.path("epoch").path("epoch").asLong());
        JsonNode epoch = status.path("epoch");
        assertTrue(java.time.Instant.parse(epoch.path("start").asText()).isBefore(java.time.Instant.now().plusSeconds(5)),
                epoch.toString());
        assertEquals(3600.0, epoch.path("durationSeconds").asDouble(), epoch.toString());
        double progress = epoch.path("progress").asDouble(-1);
        assertTrue(progress >= 0 && progress < 0.5, "a fresh one-hour epoch has barely begun: " + epoch);
        assertEquals(SHARDS / NODES, status.path("shards").size(), status.toString());
        assertEquals("Up", status.path("cluster").path("selfStatus").asText(), status.toString());

        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String metrics = text(get(LocalCluster.nodeApiUrl(1) + "/metrics"));
            assertTrue(line(metrics, "floe_cluster_members\\{.*status=\"Up\".*\\} 4\\.0"), metrics);
            assertTrue(line(metrics, "floe_cluster_unreachable_members\\{.*\\} 0\\.0"), metrics);
            assertTrue(line(metrics, "floe_committee_members\\{.*\\} 4\\.0"), metrics);
            assertTrue(line(metrics, "floe_epoch\\{.*\\} 1\\.0"), metrics);
        });

        // A shard that is not Active shows in its owner's status, in the cluster view and in the owner's metrics.
        Committee committee = cluster.runtime(1).committeeView().orElseThrow().committee().orElseThrow();
        int shard = committee.memberById("node-3").orElseThrow().shards().get(0);
        changeStatus(shard, ShardStatus.ACTIVE_SYNC);
        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            JsonNode view = data(get(LocalCluster.nodeApiUrl(1) + "/v1/cluster"));
            assertEquals("degraded", view.path("health").asText(), view.toString());
            assertEquals(1, view.path("shardsNotActive").size(), view.toString());
            assertEquals(shard, view.path("shardsNotActive").path(0).path("shard").asInt());
            assertEquals("node-3", view.path("shardsNotActive").path(0).path("nodeId").asText());
            assertEquals("ActiveSync", view.path("shardsNotActive").path(0).path("status").asText());
        });
        assertTrue(line(text(get(LocalCluster.nodeApiUrl(3) + "/metrics")),
                "floe_shards\\{.*status=\"ActiveSync\".*\\} 1\\.0"));
        changeStatus(shard, ShardStatus.ACTIVE);
        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertEquals("healthy", data(get(LocalCluster.nodeApiUrl(1) + "/v1/cluster")).path("health").asText()));

        String page = renderedPage(LocalCluster.nodeApiUrl(1) + "/", "id=\"node-node-" + NODES + "\"");
        for (int node = 1; node <= NODES; node++) {
            assertTrue(Pattern.compile("<tr id=\"node-node-" + node + "\" class=\"up\" data-state=\"up\" data-shards=\""
                    + SHARDS / NODES + "\"").matcher(page).find(), "node-" + node + " up with 4 shards: " + page);
        }
        assertTrue(page.contains("<strong id=\"epoch\">1</strong>"), page);
        assertTrue(page.contains("<span id=\"health\" class=\"badge healthy\">healthy</span>"), page);

        cluster.stop(NODES);
        JsonNode degraded = data(get(LocalCluster.nodeApiUrl(1) + "/v1/cluster"));
        assertEquals("degraded", degraded.path("health").asText(), degraded.toString());
        assertEquals("[\"node-4\"]", degraded.path("unreachableNodes").toString());
        assertTrue(degraded.path("canCertifyWrites").asBoolean(), "12 of 16 shards > 2f = 10");
        assertTrue(degraded.path("canServeReads").asBoolean());
        String afterStop = renderedPage(LocalCluster.nodeApiUrl(1) + "/", "data-state=\"down\"");
        assertTrue(afterStop.contains("<tr id=\"node-node-4\" class=\"down\" data-state=\"down\""), afterStop);
        assertTrue(afterStop.contains("down (unreachable)"), afterStop);
        assertTrue(afterStop.contains("class=\"badge degraded\">degraded<"), afterStop);
    }

    private void changeStatus(int shard, ShardStatus status) {
        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertEquals(status, ShardActor.entityRef(cluster.system(1), shard)
                        .<ShardActor.ShardStatusReported>ask(
                                replyTo -> new ShardActor.ChangeShardStatus(status, replyTo), ASK)
                        .toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS).status()));
    }

    /**
     * The page's DOM after headless Chromium ran its script, retried (bounded) until it contains {@code expected}:
     * the page refreshes every 3 s and a stopped node takes a moment to look unreachable.
     */
    private String renderedPage(String url, String expected) throws Exception {
        String dom = "";
        for (int attempt = 0; attempt < 10 && !dom.contains(expected); attempt++) {
            dom = HeadlessChromium.dumpDom(url, dir.resolve("chromium-" + attempt));
        }
        assertTrue(dom.contains(expected), "the page never showed " + expected + ": " + dom);
        return dom;
    }

    private static boolean line(String text, String regex) {
        return Pattern.compile("(?m)^" + regex + "$").matcher(text).find();
    }

    private static int status(String url) throws IOException, InterruptedException {
        return get(url).statusCode();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode());
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode data(HttpResponse<byte[]> response) throws IOException {
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return JSON.readTree(response.body()).path("success").path("data");
    }

    /** Headless Chromium from Debian's packages, driven from the command line (no WebDriver). */
    static final class HeadlessChromium {
        private static final Path BINARY = Path.of("/usr/bin/chromium");
        private static final Duration TIMEOUT = Duration.ofSeconds(60);

        private HeadlessChromium() {
        }

        /** The DOM of {@code url} once its scripts ran for 5 s of virtual time; the browser is killed afterwards. */
        static String dumpDom(String url, Path profile) throws Exception {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException(BINARY + " is missing: run .ci/deps (it installs chromium from"
                        + " .ci/packages) before the integration tests");
            }
            Files.createDirectories(profile);
            Path output = profile.resolve("dom.html");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu",
                    "--no-sandbox", "--no-first-run", "--user-data-dir=" + profile.resolve("profile"),
                    "--virtual-time-budget=5000", "--dump-dom", url));
            Process browser = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(profile.resolve("stderr.txt").toFile()).start();
            try {
                if (!browser.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("chromium did not finish within " + TIMEOUT + "; see "
                            + profile.resolve("stderr.txt"));
                }
                return Files.readString(output);
            } finally {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly();
            }
        }
    }
}
