package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blobs stored through one node's publisher API read back byte-exact through another's aggregator API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataPlaneRoundTripTest {
    static final int SHARDS = 10;

    @TempDir
    static Path directory;
    LocalDataPlane plane;

    @BeforeAll
    void startNodes() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
    }

    @AfterAll
    void stopNodes() {
        if (plane != null) {
            plane.close();
        }
    }

    static byte[] randomBlob(int size, long seed) {
        byte[] blob = new byte[size];
        new Random(seed).nextBytes(blob);
        return blob;
    }

    static BlobId blobIdOf(byte[] blob) {
        return ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), blob).blobId();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1 << 20})
    void storedBlobsReadBackByteExact(int size) {
        byte[] blob = randomBlob(size, size);
        Http.Response stored = Http.put(plane.node(0).publisherUrl() + "/v1/blobs?epochs=3", blob);
        assertEquals(200, stored.status(), stored.toString());
        JsonNode created = stored.json().path("newlyCreated").path("blobObject");
        assertEquals(blobIdOf(blob).toString(), created.path("blobId").asText());
        assertEquals(size, created.path("size").asLong());
        assertEquals(LocalDataPlane.EPOCH + 3, created.path("storage").path("endEpoch").asLong());
        assertEquals(false, created.path("deletable").asBoolean());

        Http.Response read = Http.get(plane.node(2).publisherUrl() + "/v1/blobs/" + created.path("blobId").asText());
        assertEquals(200, read.status(), read.toString());
        assertArrayEquals(blob, read.body());
    }

    @Test
    void aBlobLargerThanTheShardsCanHoldIsRefusedWith413() {
        long max = EncodingConfig.forShards(SHARDS).maxBlobSize();
        Http.Response refused = Http.put(plane.node(0).publisherUrl() + "/v1/blobs", new byte[(int) max + 1]);

        assertEquals(413, refused.status(), refused.toString());
        assertEquals("BODY_TOO_LARGE", refused.reason());
        assertTrue(refused.json().path("error").path("message").asText().contains("maximum is " + max),
                refused.toString());
    }

    @Test
    void uploadsOfUnknownLengthAreSpooledAndLimitedWhileStreaming() {
        byte[] blob = randomBlob(1 << 20, 14);
        Http.Response stored = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                plane.node(3).publisherUrl() + "/v1/blobs")).PUT(java.net.http.HttpRequest.BodyPublishers
                .ofInputStream(() -> new java.io.ByteArrayInputStream(blob))));
        assertEquals(200, stored.status(), stored.toString());
        assertArrayEquals(blob, Http.get(plane.node(0).publisherUrl() + "/v1/blobs/" + blobIdOf(blob)).body());

        byte[] tooLarge = new byte[(int) EncodingConfig.forShards(SHARDS).maxBlobSize() + 1000];
        Http.Response refused = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                plane.node(3).publisherUrl() + "/v1/blobs")).PUT(java.net.http.HttpRequest.BodyPublishers
                .ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge))));
        assertEquals(413, refused.status(), refused.toString());
        assertEquals("BODY_TOO_LARGE", refused.reason());
        try (var spooled = java.nio.file.Files.list(plane.node(3).dataDirectory().resolve("upload-spool"))) {
            assertEquals(0, spooled.count(), "spool files are deleted");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void storingAgainReportsAlreadyCertified() {
        byte[] blob = randomBlob(3000, 11);
        assertEquals(200, Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=5", blob).status());

        Http.Response again = Http.put(plane.node(3).publisherUrl() + "/v1/blobs?epochs=2", blob);

        assertEquals(200, again.status(), again.toString());
        JsonNode certified = again.json().path("alreadyCertified");
        assertEquals(blobIdOf(blob).toString(), certified.path("blobId").asText());
        assertEquals(LocalDataPlane.EPOCH + 5, certified.path("endEpoch").asLong());
    }

    @Test
    void deletableBlobsCarryTheirObjectId() {
        byte[] blob = randomBlob(777, 12);
        Http.Response stored = Http.put(plane.node(0).publisherUrl() + "/v1/blobs?epochs=1&deletable=true", blob);
        assertEquals(200, stored.status(), stored.toString());
        JsonNode object = stored.json().path("newlyCreated").path("blobObject");
        assertTrue(object.path("deletable").asBoolean());
        String objectId = object.path("id").asText();

        Http.Response status = Http.get(plane.node(1).nodeApiUrl() + "/v1/blobs/" + blobIdOf(blob) + "/status");
        JsonNode data = status.json().path("success").path("data");
        assertEquals("certified", data.path("status").asText());
        assertEquals(objectId, data.path("objectId").asText());
        assertEquals(200, Http.get(plane.node(1).nodeApiUrl() + "/v1/blobs/" + blobIdOf(blob)
                + "/confirmation/deletable/" + objectId).status());
        assertArrayEquals(blob, Http.get(plane.node(3).publisherUrl() + "/v1/blobs/" + blobIdOf(blob)).body());
    }

    @Test
    void rangesReturnTheirSliceAndUnsatisfiableOnesAre416() {
        byte[] blob = randomBlob(10_000, 13);
        Http.put(plane.node(2).publisherUrl() + "/v1/blobs", blob);
        String url = plane.node(1).publisherUrl() + "/v1/blobs/" + blobIdOf(blob);

        Http.Response middle = Http.get(url, "Range", "bytes=100-199");
        assertEquals(206, middle.status(), middle.toString());
        assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), middle.body());
        assertEquals("bytes 100-199/10000", middle.header("Content-Range").orElseThrow());

        Http.Response suffix = Http.get(url, "Range", "bytes=-10");
        assertArrayEquals(Arrays.copyOfRange(blob, 9990, 10_000), suffix.body());
        Http.Response open = Http.get(url, "Range", "bytes=9000-");
        assertArrayEquals(Arrays.copyOfRange(blob, 9000, 10_000), open.body());

        for (String range : new String[] {"bytes=10000-", "bytes=5-1", "bytes=0-1,5-6", "items=0-1"}) {
            Http.Response refused = Http.get(url, "Range", range);
            assertEquals(416, refused.status(), range + ": " + refused);
            assertEquals("RANGE_NOT_SATISFIABLE", refused.reason());
            assertEquals("bytes */10000", refused.header("Content-Range").orElseThrow());
        }
    }
}
