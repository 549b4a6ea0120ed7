package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.client.NodeApiClient;
import io.floe.client.NodeApiClients;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.storage.BlobStatusReport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a blob's life over HTTP on four in-JVM nodes: expiry and garbage collection at an epoch advance,
 * deletion with the owner's token, extension, and anti-entropy for a node that was down meanwhile.
 */
class BlobLifecycleTest {
    private static final int SHARDS = 10;
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);

    @TempDir
    Path directory;
    private LocalDataPlane plane;
    private NodeApiClients clients;

    @BeforeEach
    void start() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
        clients = new NodeApiClients(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        clients.close();
        plane.close();
    }

    private static BlobId blobIdOf(byte[] blob) {
        return ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), blob).blobId();
    }

    private String publisher(int node) {
        return plane.node(node).publisherUrl() + "/v1/blobs";
    }

    private NodeApiClient nodeApi(int node) {
        return clients.forUrl(plane.node(node).nodeApiUrl());
    }

    private BlobStatusReport status(int node, BlobId blobId) {
        return nodeApi(node).status(blobId);
    }

    private static Http.Response delete(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    /** Whether node {@code node} holds no metadata and no sliver of the blob. */
    private boolean removedFrom(int node, BlobId blobId) {
        var storage = plane.node(node).storage();
        for (int shard = 0; shard < SHARDS; shard++) {
            if (storage.slivers().blobIds(shard, null, 1000).contains(blobId)) {
                return false;
            }
        }
        return !storage.metadata().has(blobId);
    }

    @Test
    void expiredBlobsAreCollectedAtTheNextEpochAndReadAsExpired() {
        byte[] shortLived = DataPlaneRoundTripTest.randomBlob(4_000, 21);
        byte[] longLived = DataPlaneRoundTripTest.randomBlob(4_000, 22);
        assertEquals(200, Http.put(publisher(0) + "?epochs=1", shortLived).status());
        assertEquals(200, Http.put(publisher(0) + "?epochs=3", longLived).status());
        Http.Response tooLong = Http.put(publisher(1) + "?epochs=54", shortLived);
        assertEquals(400, tooLong.status(), tooLong.toString());
        assertEquals("EPOCHS_TOO_MANY", tooLong.reason());
        BlobId expiring = blobIdOf(shortLived);

        plane.advanceTo(LocalDataPlane.EPOCH + 1);

        await().atMost(CONVERGENCE).until(() -> plane.nodes().stream()
                .allMatch(node -> node.dataPlane().expiryCollector().collectedEpoch() == LocalDataPlane.EPOCH + 1));
        for (int node = 0; node < 4; node++) {
            assertTrue(removedFrom(node, expiring), "node " + node + " still holds the expired blob");
            assertFalse(plane.node(node).storage().blobInfo().get(expiring).isPresent());
            assertEquals("expired", status(node, expiring).status());
        }
        Http.Response read = Http.get(publisher(2) + "/" + expiring);
        assertEquals(404, read.status(), read.toString());
        assertEquals("BLOB_EXPIRED", read.reason());
        Http.Response metadata = Http.get(plane.node(1).nodeApiUrl() + "/v1/blobs/" + expiring + "/metadata");
        assertEquals(404, metadata.status());
        assertEquals("BLOB_EXPIRED", metadata.reason());
        assertArrayEquals(longLived, Http.get(publisher(3) + "/" + blobIdOf(longLived)).body());

        // Stored again after it expired, it is a new blob.
        assertEquals(200, Http.put(publisher(0) + "?epochs=2", shortLived).status());
        assertArrayEquals(shortLived, Http.get(publisher(1) + "/" + expiring).body());
    }

    @Test
    void onlyTheOwnersTokenDeletesADeletableBlob() {
        byte[] blob = DataPlaneRoundTripTest.randomBlob(6_000, 23);
        byte[] permanent = DataPlaneRoundTripTest.randomBlob(6_000, 24);
        Http.Response stored = Http.put(publisher(0) + "?epochs=5&deletable=true", blob);
        assertEquals(200, stored.status(), stored.toString());
        String token = stored.json().path("newlyCreated").path("deletionToken").asText();
        assertEquals(43, token.length(), stored.toString());
        assertEquals(200, Http.put(publisher(0) + "?epochs=5", permanent).status());
        BlobId blobId = blobIdOf(blob);
        String url = publisher(1) + "/" + blobId;

        Http.Response wrong = delete(url, "A".repeat(43));
        assertEquals(403, wrong.status(), wrong.toString());
        assertEquals("INVALID_TOKEN", wrong.reason());
        assertEquals(400, delete(url, null).status());
        Http.Response refused = delete(publisher(1) + "/" + blobIdOf(permanent), token);
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.json().path("error").path("message").asText().contains("permanent blobs cannot be deleted"));
        assertEquals(400, delete(publisher(1) + "/not-a-blob-id", token).status());
        Http.Response unknown = delete(publisher(1) + "/" + BlobId.of(new byte[32]), token);
        assertEquals(404, unknown.status(), unknown.toString());
        assertArrayEquals(blob, Http.get(url).body());

        Http.Response deleted = delete(url, token);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(blobId.toString(), deleted.json().path("deleted").path("blobId").asText());
        for (int node = 0; node < 4; node++) {
            assertTrue(removedFrom(node, blobId), "node " + node + " still holds the deleted blob");
            assertEquals("deleted", status(node, blobId).status());
        }
        Http.Response read = Http.get(publisher(3) + "/" + blobId);
        assertEquals(404, read.status(), read.toString());
        assertEquals("BLOB_DELETED", read.reason());
        Http.Response sliver = Http.get(plane.node(2).nodeApiUrl() + "/v1/blobs/" + blobId + "/metadata");
        assertEquals("BLOB_DELETED", sliver.reason());
        assertEquals(200, delete(url, token).status(), "deleting again changes nothing");
        assertArrayEquals(permanent, Http.get(publisher(2) + "/" + blobIdOf(permanent)).body());
    }

    @Test
    void extendingRaisesTheEndEpochOnEveryMember() {
        byte[] blob = DataPlaneRoundTripTest.randomBlob(5_000, 25);
        assertEquals(200, Http.put(publisher(0) + "?epochs=1", blob).status());
        BlobId blobId = blobIdOf(blob);

        Http.Response extended = Http.post(publisher(2) + "/" + blobId + "/extend?epochs=4", new byte[0]);

        assertEquals(200, extended.status(), extended.toString());
        JsonNode result = extended.json().path("extended");
        assertEquals(LocalDataPlane.EPOCH + 1, result.path("previousEndEpoch").asLong());
        assertEquals(LocalDataPlane.EPOCH + 5, result.path("endEpoch").asLong());
        for (int node = 0; node < 4; node++) {
            assertEquals(LocalDataPlane.EPOCH + 5, status(node, blobId).endEpoch().getAsLong());
        }
        Http.Response tooFar = Http.post(publisher(2) + "/" + blobId + "/extend?epochs=60", new byte[0]);
        assertEquals(400, tooFar.status(), tooFar.toString());
        assertEquals("EPOCHS_TOO_MANY", tooFar.reason());
        assertEquals(404, Http.post(publisher(2) + "/" + BlobId.of(new byte[32]) + "/extend?epochs=1", new byte[0])
                .status());

        plane.advanceTo(LocalDataPlane.EPOCH + 2);
        await().atMost(CONVERGENCE).until(() -> plane.nodes().stream()
                .allMatch(node -> node.dataPlane().expiryCollector().collectedEpoch() == LocalDataPlane.EPOCH + 2));
        assertArrayEquals(blob, Http.get(publisher(1) + "/" + blobId).body());
    }

    @Test
    void aNodeThatWasDownCatchesUpFromItsPeers() {
        byte[] doomed = DataPlaneRoundTripTest.randomBlob(3_000, 26);
        byte[] lasting = DataPlaneRoundTripTest.randomBlob(3_000, 27);
        Http.Response doomedStored = Http.put(publisher(0) + "?epochs=3&deletable=true", doomed);
        String token = doomedStored.json().path("newlyCreated").path("deletionToken").asText();
        assertEquals(200, Http.put(publisher(0) + "?epochs=2", lasting).status());
        int down = 3;
        plane.stop(down);

        byte[] missed = DataPlaneRoundTripTest.randomBlob(20_000, 28);
        assertEquals(200, Http.put(publisher(1) + "?epochs=4", missed).status());
        assertEquals(200, delete(publisher(1) + "/" + blobIdOf(doomed), token).status());
        assertEquals(200, Http.post(publisher(1) + "/" + blobIdOf(lasting) + "/extend?epochs=6", new byte[0])
                .status());
        BlobId missedId = blobIdOf(missed);
        assertEquals("certified", status(0, missedId).status());

        plane.restart(down);

        await().atMost(CONVERGENCE).untilAsserted(() -> {
            BlobStatusReport caughtUp = status(down, missedId);
            assertEquals("certified", caughtUp.status());
            assertEquals(LocalDataPlane.EPOCH + 4, caughtUp.endEpoch().getAsLong());
            assertTrue(caughtUp.complete(), "slivers of " + caughtUp.shards());
            assertEquals("deleted", status(down, blobIdOf(doomed)).status());
            assertEquals(LocalDataPlane.EPOCH + 8, status(down, blobIdOf(lasting)).endEpoch().getAsLong());
        });
        assertTrue(removedFrom(down, blobIdOf(doomed)));
        assertEquals(nodeApi(0).certificate(missedId), nodeApi(down).certificate(missedId));
        assertTrue(plane.node(down).storage().metadata().has(missedId));
        // With another node stopped, the returned node's slivers take part in the read.
        plane.stop(0);
        assertArrayEquals(missed, Http.get(publisher(down) + "/" + missedId).body());
    }
}
