package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin routes of the node API on four in-JVM nodes (8 shards: f = 2, writes need more than 4 shards, reads 4):
 * {@code /v1/status}, {@code /metrics} after a store and a read, {@code /v1/cluster} as nodes stop, and the page.
 */
class AdminRoutesTest {
    private static final int SHARDS = 8;
    /** Metrics of docs/metrics.md that this harness cannot show; AdminIT checks the cluster ones on real nodes. */
    private static final Set<String> NOT_IN_THIS_HARNESS = Set.of(
            "floe_cluster_members", "floe_cluster_unreachable_members", // no Pekko cluster here
            "floe_shard_sync_progress_ratio", // only while a shard syncs
            "jvm_gc_pause_seconds"); // only after a collection

    @TempDir
    Path directory;

    private LocalDataPlane plane;

    @BeforeEach
    void startNodes() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
    }

    @AfterEach
    void stopNodes() {
        plane.close();
    }

    private String store(int node, byte[] blob) {
        Http.Response response = Http.put(plane.node(node).publisherUrl() + "/v1/blobs?epochs=3", blob);
        assertEquals(200, response.status(), response.toString());
        return response.json().path("newlyCreated").path("blobObject").path("blobId").asText();
    }

    private static JsonNode data(Http.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response.json().path("success").path("data");
    }

    @Test
    void statusTellsWhoTheNodeIsWhatItHoldsAndWhatItDid() {
        byte[] blob = new byte[50_000];
        new Random(7).nextBytes(blob);
        String blobId = store(0, blob);
        assertEquals(200, Http.get(plane.node(1).publisherUrl() + "/v1/blobs/" + blobId).status());

        LocalDataPlane.Node node = plane.node(0);
        JsonNode status = data(Http.get(node.nodeApiUrl() + "/v1/status"));
        assertEquals("node-0", status.path("nodeId").asText());
        assertTrue(status.path("ready").asBoolean(), status.toString());
        assertEquals(node.nodeApiUrl(), status.path("address").path("nodeApiUrl").asText());
        assertEquals(node.nodeApiUrl() + "/metrics", status.path("address").path("metricsUrl").asText());
        assertEquals(node.publisherUrl(), status.path("address").path("publisherUrl").asText());
        assertTrue(status.path("uptimeSeconds").asLong() >= 0, status.toString());
        assertEquals(LocalDataPlane.EPOCH, status.path("epoch").path("epoch").asLong());
        List<Integer> shards = new ArrayList<>();
        status.path("shards").forEach(shard -> {
            shards.add(shard.path("shard").asInt());
            assertEquals("Active", shard.path("status").asText(), shard.toString());
        });
        assertEquals(node.shards(), shards);
        assertEquals(node.shards().size(), status.path("shardCounts").path("Active").asInt());
        JsonNode storage = status.path("storage");
        assertEquals(1, storage.path("blobs").asLong(), storage.toString());
        assertTrue(storage.path("sliverBytes").asLong() > 0, storage.toString());
        assertTrue(storage.path("sliverLogLiveBytes").isIntegralNumber(), storage.toString());
        assertTrue(storage.path("sliverLogBytes").asLong() >= storage.path("sliverLogLiveBytes").asLong(),
                storage.toString());
        assertTrue(storage.path("diskFreeBytes").asLong() > 0, storage.toString());
        assertEquals(1, status.path("traffic").path("blobsStored").asLong(), status.toString());
        assertEquals(blob.length, status.path("traffic").path("bytesStored").asLong(), status.toString());
        JsonNode latest = status.path("recentActivity").path(0);
        assertEquals("store", latest.path("kind").asText(), status.toString());
        assertEquals(blobId, latest.path("blobId").asText());
        assertTrue(status.path("lastErrors").isArray(), status.toString());

        JsonNode reader = data(Http.get(plane.node(1).nodeApiUrl() + "/v1/status"));
        assertEquals(1, reader.path("traffic").path("blobsRead").asLong(), reader.toString());
        assertEquals("read", reader.path("recentActivity").path(0).path("kind").asText(), reader.toString());
    }

    @Test
    void metricsShowEveryDocumentedNameAfterAStoreAndARead() throws IOException {
        byte[] blob = new byte[30_000];
        new Random(8).nextBytes(blob);
        String blobId = store(0, blob);
        assertEquals(200, Http.get(plane.node(0).publisherUrl() + "/v1/blobs/" + blobId).status());

        Http.Response response = Http.get(plane.node(0).nodeApiUrl() + "/metrics");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").orElse("").startsWith("text/plain"), response.toString());
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        Set<String> documented = documentedMetrics();
        assertTrue(documented.size() > 20, "docs/metrics.md lists " + documented);
        List<String> missing = new ArrayList<>();
        for (String name : documented) {
            if (!NOT_IN_THIS_HARNESS.contains(name) && !Pattern.compile("(?m)^" + name + "[_{ ]").matcher(text).find()) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "documented but not exported");
        assertTrue(Pattern.compile("(?m)^floe_publisher_blobs_stored_total\\{.*result=\"newly_created\".*\\} 1\\.0$")
                .matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^floe_aggregator_blobs_read_total\\{.*\\} 1\\.0$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^floe_epoch\\{.*node=\"node-0\".*\\} 1\\.0$").matcher(text).find(), text);
        // The storing node hands its own slivers to its storage in-process; its peers get them over HTTP.
        assertFalse(text.contains("route=\"/v1/blobs/{id}/slivers\""), text);
        assertTrue(Pattern.compile("(?m)^floe_storage_slivers_stored_total\\{.*\\} [1-9]").matcher(text).find(), text);
        String peer = new String(Http.get(plane.node(1).nodeApiUrl() + "/metrics").body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(peer.contains("route=\"/v1/blobs/{id}/slivers\""), peer);
        // ... get the metadata with the registration, and sign their confirmations in the answer to their one
        // sliver batch.
        assertTrue(Pattern.compile("method=\"PUT\"[^}]*route=\"/v1/blobs/\\{id}/registration\"").matcher(peer).find(),
                peer);
        assertFalse(Pattern.compile("method=\"PUT\"[^}]*route=\"/v1/blobs/\\{id}/metadata\"").matcher(peer).find(),
                peer);
        assertFalse(peer.contains("/confirmation/"), peer);
        assertFalse(text.contains(blobId), "a blob ID became a label value");

        Set<String> exported = new HashSet<>();
        Matcher floeNames = Pattern.compile("(?m)^(floe_[a-z_]+?)(_count|_sum|_max)?[{ ]").matcher(text);
        while (floeNames.find()) {
            exported.add(floeNames.group(1));
        }
        exported.removeAll(documented);
        assertEquals(Set.of(), exported, "exported but not in docs/metrics.md");
    }

    @Test
    void clusterTurnsDegradedThenUnavailableAsNodesStop() {
        JsonNode healthy = data(Http.get(plane.node(0).nodeApiUrl() + "/v1/cluster"));
        assertEquals("healthy", healthy.path("health").asText(), healthy.toString());
        assertTrue(healthy.path("canCertifyWrites").asBoolean());
        assertTrue(healthy.path("canServeReads").asBoolean());
        assertEquals(SHARDS, healthy.path("reachableShards").asInt());
        assertEquals(4, healthy.path("members").size());
        healthy.path("members").forEach(member -> assertEquals(member.path("nodeId").asText(),
                member.path("status").path("nodeId").asText(), "each member answers for itself"));

        plane.stop(3);
        JsonNode degraded = data(Http.get(plane.node(0).nodeApiUrl() + "/v1/cluster"));
        assertEquals("degraded", degraded.path("health").asText(), degraded.toString());
        assertEquals("[\"node-3\"]", degraded.path("unreachableNodes").toString());
        assertEquals(6, degraded.path("reachableShards").asInt());
        assertTrue(degraded.path("canCertifyWrites").asBoolean(), "6 shards > 2f = 4");
        assertTrue(degraded.path("canServeReads").asBoolean());
        assertFalse(degraded.path("members").path(3).path("reachable").asBoolean());

        plane.stop(2);
        JsonNode unavailable = data(Http.get(plane.node(1).nodeApiUrl() + "/v1/cluster"));
        assertEquals("unavailable", unavailable.path("health").asText(), unavailable.toString());
        assertEquals(4, unavailable.path("reachableShards").asInt());
        assertFalse(unavailable.path("canCertifyWrites").asBoolean(), "4 shards are not > 2f = 4");
        assertTrue(unavailable.path("canServeReads").asBoolean(), "4 shards hold the n - 2f primary slivers a read needs");
    }

    @Test
    void statusPageIsOneSelfContainedDocument() {
        Http.Response page = Http.get(plane.node(2).nodeApiUrl() + "/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), page.toString());
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("fetch(\"/v1/cluster\""), "the page reads the cluster view");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external assets");
        assertEquals(404, Http.get(plane.node(2).nodeApiUrl() + "/v1/nothing").status(), "other paths still 404");
    }

    /** The metric names in the first column of docs/metrics.md's tables. */
    private static Set<String> documentedMetrics() throws IOException {
        Path docs = Path.of("..", "docs", "metrics.md");
        Set<String> names = new HashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(Files.readString(docs));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}
