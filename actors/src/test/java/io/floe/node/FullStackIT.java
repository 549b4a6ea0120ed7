package io.floe.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.NodeDataPlane;
import io.floe.protocol.encoding.EncodingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole node in one JVM: four clustered nodes with the real HTTP data plane on 127.0.0.11-14 and 64 shards, blobs
 * stored through one node's publisher and read through another's aggregator, across a stopped node and a restart of
 * every node.
 */
class FullStackIT {
    private static final int NODES = 4;
    private static final int SHARDS = 64;
    private static final Duration FORMATION = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
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

    @Test
    void storesAndReadsAcrossAStoppedNodeAndARestartOfEveryNode() throws Exception {
        cluster = new LocalCluster(dir, NODES, SHARDS, new NodeDataPlane()).startAll();
        awaitAllReady();
        Random random = new Random(42);
        Map<String, byte[]> certified = new LinkedHashMap<>();

        // 64 shards hold at most p·s·65534 = 22·43·65534 bytes (59 MiB): 50 MiB fits, one byte more than that does not.
        for (int size : new int[] {0, 1, 1 << 20, 50 << 20}) {
            byte[] blob = bytes(random, size);
            String blobId = store(1, blob);
            assertArrayEquals(blob, read(2, blobId), "blob of " + size + " bytes read through node-2");
            certified.put(blobId, blob);
        }
        long maximum = EncodingConfig.forShards(SHARDS).maxBlobSize();
        HttpResponse<byte[]> tooLarge = put(1, new byte[Math.toIntExact(maximum + 1)]);
        assertEquals(413, tooLarge.statusCode(), (maximum + 1) + " bytes exceed what 64 shards can hold: "
                + text(tooLarge));

        // One node of four holds 16 shards, within f = 21: writes still certify and reads still succeed.
        cluster.stop(4);
        byte[] whileDown = bytes(random, 300_000);
        String whileDownId = store(1, whileDown);
        certified.put(whileDownId, whileDown);
        for (Map.Entry<String, byte[]> entry : certified.entrySet()) {
            assertArrayEquals(entry.getValue(), read(3, entry.getKey()), entry.getKey() + " with node-4 stopped");
        }

        cluster.start(4);
        // Node 4 learns by itself of the blob certified while it was down: anti-entropy finds the certificate on its
        // peers, and the repair worker rebuilds its slivers from recovery symbols.
        awaitAllReady();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            JsonNode status = data(get(LocalCluster.nodeApiUrl(4) + "/v1/blobs/" + whileDownId + "/status"));
            assertEquals("certified", status.path("status").asText(), status.toString());
            JsonNode shards = status.path("shards");
            assertEquals(SHARDS / NODES, shards.size(), "node-4's shards: " + status);
            shards.elements().forEachRemaining(shard -> {
                assertTrue(shard.path("primary").asBoolean(), "primary sliver missing: " + status);
                assertTrue(shard.path("secondary").asBoolean(), "secondary sliver missing: " + status);
            });
        });

        for (int node = NODES; node >= 1; node--) {
            cluster.kill(node);
        }
        cluster.startAll();
        awaitAllReady();
        for (Map.Entry<String, byte[]> entry : certified.entrySet()) {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                    assertArrayEquals(entry.getValue(), read(4, entry.getKey()), entry.getKey() + " after restart"));
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void awaitAllReady() {
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            for (int node = 1; node <= NODES; node++) {
                JsonNode health = data(get(LocalCluster.nodeApiUrl(node) + "/v1/health"));
                assertTrue(health.path("ready").asBoolean(),
                        LocalCluster.nodeId(node) + " is not ready: " + health);
            }
        });
    }

    /** Stores through {@code node}'s publisher, retrying while the publisher is not yet ready, and returns the ID. */
    private static String store(int node, byte[] blob) {
        String[] blobId = new String[1];
        await().atMost(FORMATION).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<byte[]> response = put(node, blob);
            assertEquals(200, response.statusCode(), text(response));
            JsonNode body = JSON.readTree(response.body());
            JsonNode created = body.path("newlyCreated").path("blobObject");
            blobId[0] = created.isMissingNode() ? body.path("alreadyCertified").path("blobId").asText()
                    : created.path("blobId").asText();
            assertEquals(43, blobId[0].length(), text(response));
        });
        return blobId[0];
    }

    private static HttpResponse<byte[]> put(int node, byte[] blob) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalCluster.publisherUrl(node)
                        + "/v1/blobs?epochs=5&permanent=true"))
                .timeout(Duration.ofSeconds(120)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] read(int node, String blobId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(LocalCluster.publisherUrl(node) + "/v1/blobs/" + blobId);
        assertEquals(200, response.statusCode(), text(response));
        return response.body();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A node API answer's {@code data}, unwrapped from {@code {"success": {"code", "data"}}}. */
    private static JsonNode data(HttpResponse<byte[]> response) throws IOException {
        assertEquals(200, response.statusCode(), text(response));
        JsonNode root = JSON.readTree(response.body());
        return root.has("success") ? root.path("success").path("data") : root;
    }

    private static String text(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        return response.statusCode() + " " + new String(body, 0, Math.min(300, body.length));
    }
}
