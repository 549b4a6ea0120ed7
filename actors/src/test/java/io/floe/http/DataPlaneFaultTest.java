package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.persistence.leveldb.LevelDbNodeStorage;
import io.floe.persistence.leveldb.LevelDbSettings;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.SliverType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes down during writes and reads, nodes that come back, restarts and corrupt stored values. */
class DataPlaneFaultTest {
    private static final int SHARDS = 10;
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(SHARDS);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;
    LocalDataPlane plane;

    @BeforeEach
    void startNodes() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
    }

    @AfterEach
    void stopNodes() {
        plane.close();
    }

    private BlobId store(int via, byte[] blob) {
        Http.Response stored = Http.put(plane.node(via).publisherUrl() + "/v1/blobs?epochs=4", blob);
        assertEquals(200, stored.status(), stored.toString());
        JsonNode result = stored.json();
        String id = result.has("newlyCreated") ? result.path("newlyCreated").path("blobObject").path("blobId").asText()
                : result.path("alreadyCertified").path("blobId").asText();
        return BlobId.parse(id);
    }

    private byte[] read(int via, BlobId blobId) {
        Http.Response read = Http.get(plane.node(via).publisherUrl() + "/v1/blobs/" + blobId);
        assertEquals(200, read.status(), read.toString());
        return read.body();
    }

    private JsonNode status(int node, BlobId blobId) {
        return Http.get(plane.node(node).nodeApiUrl() + "/v1/blobs/" + blobId + "/status").json()
                .path("success").path("data");
    }

    private boolean holdsEverything(int node, BlobId blobId) {
        JsonNode status = status(node, blobId);
        if (!status.path("status").asText().equals("certified")) {
            return false;
        }
        for (JsonNode shard : status.path("shards")) {
            if (!shard.path("primary").asBoolean() || !shard.path("secondary").asBoolean()) {
                return false;
            }
        }
        return status.path("shards").size() == plane.node(node).shards().size();
    }

    /** Every sliver node {@code node} serves for the blob is exactly the encoder's. */
    private void assertServesItsSlivers(int node, byte[] blob) {
        ExpandedBlob expanded = ExpandedBlob.encode(CONFIG, blob);
        for (int shard : plane.node(node).shards()) {
            int pair = CONFIG.pairOfShard(shard, expanded.blobId());
            for (SliverType type : SliverType.values()) {
                Http.Response sliver = Http.get(plane.node(node).nodeApiUrl() + "/v1/blobs/" + expanded.blobId()
                        + "/slivers/" + pair + "/" + type.pathName());
                assertEquals(200, sliver.status(), sliver.toString());
                byte[] expected = type == SliverType.PRIMARY ? expanded.sliverPair(pair).primary().toBcs()
                        : expanded.sliverPair(pair).secondary().toBcs();
                assertArrayEquals(expected, sliver.body(), "shard " + shard + " " + type.pathName());
            }
        }
    }

    @Test
    void withFShardsDownWritesCertifyReadsSucceedAndTheNodeCatchesUpWhenItReturns() {
        assertEquals(CONFIG.faulty(), plane.node(0).shards().size());
        plane.stop(0);
        byte[] blob = DataPlaneRoundTripTest.randomBlob(300_000, 1);

        BlobId blobId = store(1, blob);
        assertArrayEquals(blob, read(2, blobId));

        plane.restart(0);
        assertEquals("nonexistent", status(0, blobId).path("status").asText());
        // Storing the same blob again finds it certified and sends the certificate to the node that missed it.
        assertEquals(blobId, store(3, blob));
        await().atMost(RECOVERY_WAIT).until(() -> holdsEverything(0, blobId));
        assertEquals(LocalDataPlane.EPOCH + 4, status(0, blobId).path("endEpoch").asLong());
        assertServesItsSlivers(0, blob);

        plane.stop(1);
        assertArrayEquals(blob, read(0, blobId));
    }

    @Test
    void slivers_lostWhileDown_areRecoveredByTheStartupScan() throws IOException {
        byte[] blob = DataPlaneRoundTripTest.randomBlob(200_000, 2);
        BlobId blobId = store(0, blob);
        List<Integer> shards = plane.node(2).shards();
        plane.stop(2);
        try (LevelDbNodeStorage storage = LevelDbNodeStorage.open(
                LevelDbSettings.defaults(plane.node(2).storageDirectory()))) {
            shards.forEach(shard -> storage.slivers().deleteBlob(shard, blobId));
        }

        plane.restart(2);

        await().atMost(RECOVERY_WAIT).until(() -> holdsEverything(2, blobId));
        assertServesItsSlivers(2, blob);
    }

    @Test
    void restartingEveryNodeKeepsEveryCertifiedBlob() {
        List<byte[]> blobs = new ArrayList<>();
        List<BlobId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blobs.add(DataPlaneRoundTripTest.randomBlob(50_000 * (i + 1), 10 + i));
            ids.add(store(i, blobs.get(i)));
        }
        for (int node = 0; node < 4; node++) {
            plane.stop(node);
        }
        for (int node = 0; node < 4; node++) {
            plane.restart(node);
        }
        for (int i = 0; i < 3; i++) {
            for (int node = 0; node < 4; node++) {
                assertTrue(holdsEverything(node, ids.get(i)), "node " + node + " blob " + i);
            }
            assertArrayEquals(blobs.get(i), read(3 - i, ids.get(i)));
        }
    }

    @Test
    void aCorruptStoredSliverIsNeverServedAndIsRepaired() throws IOException {
        byte[] blob = DataPlaneRoundTripTest.randomBlob(100_000, 3);
        BlobId blobId = store(1, blob);
        int shard = plane.node(3).shards().get(0);
        int pair = CONFIG.pairOfShard(shard, blobId);
        plane.stop(3);
        writeGarbageUnderSliverKey(plane.node(3).storageDirectory(), shard, blobId, SliverType.PRIMARY);
        plane.restart(3);

        String url = plane.node(3).nodeApiUrl() + "/v1/blobs/" + blobId + "/slivers/" + pair + "/primary";
        Http.Response corrupt = Http.get(url);
        assertEquals(500, corrupt.status(), corrupt.toString());
        assertEquals("INTERNAL_ERROR", corrupt.reason());
        assertTrue(corrupt.json().path("error").path("message").asText().contains("corrupt"), corrupt.toString());
        assertArrayEquals(blob, read(3, blobId));

        await().atMost(RECOVERY_WAIT).until(() -> Http.get(url).status() == 200);
        assertServesItsSlivers(3, blob);
    }

    /**
     * Overwrites the sliver's entry with bytes that are not a framed value (layout: persistence's KeyLayout): its
     * {@code 's'} entry if it is stored inline, else the {@code 'f'} entry that points at its log record or file.
     */
    private static void writeGarbageUnderSliverKey(Path storage, int shard, BlobId blobId, SliverType type)
            throws IOException {
        try (DB db = JniDBFactory.factory.open(storage.toFile(), new Options())) {
            for (byte table : new byte[] {'s', 'f'}) {
                byte[] key = ByteBuffer.allocate(1 + 2 + BlobId.LENGTH + 1).put(table).putShort((short) shard)
                        .put(blobId.toBytes()).put((byte) (type == SliverType.PRIMARY ? 0 : 1)).array();
                if (db.get(key) != null) {
                    db.put(key, "garbage where a sliver was".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return;
                }
            }
            throw new IllegalStateException("no sliver stored under the expected keys; has the layout changed?");
        }
    }
}
