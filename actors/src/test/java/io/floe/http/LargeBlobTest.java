package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.protocol.encoding.EncodingConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 20 MiB blob end to end. Red Stuff caps a blob at {@code p·s·65534} bytes (1.8 MiB for 10 shards, 4.3 MiB for
 * 16), so 20 MiB needs at least 37 shards: 4 nodes share 40 here.
 */
class LargeBlobTest {
    private static final int SHARDS = 40;

    @TempDir
    Path directory;

    @Test
    void twentyMebibytesRoundTrip() {
        byte[] blob = DataPlaneRoundTripTest.randomBlob(20 << 20, 20);
        try (LocalDataPlane plane = LocalDataPlane.start(directory, 4, SHARDS)) {
            Http.Response stored = Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=2", blob);
            assertEquals(200, stored.status(), stored.toString());
            String blobId = stored.json().path("newlyCreated").path("blobObject").path("blobId").asText();
            assertEquals(EncodingConfig.forShards(SHARDS).encodedLength(blob.length),
                    stored.json().path("newlyCreated").path("blobObject").path("storage").path("storageSize").asLong());

            Http.Response read = Http.get(plane.node(3).publisherUrl() + "/v1/blobs/" + blobId);
            assertEquals(200, read.status(), read.toString());
            assertArrayEquals(blob, read.body());
        }
    }
}
