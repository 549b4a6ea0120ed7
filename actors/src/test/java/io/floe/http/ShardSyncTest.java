package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.client.ShardSyncSettings;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.storage.ShardState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch changes on the data plane: shards move from node 0 (A) to node 1 (B) and B takes them over, by sync from A
 * or, when A is gone, by recovery; A keeps lost shards until the change is done, then deletes them.
 */
class ShardSyncTest {
    private static final int SHARDS = 10;
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(SHARDS);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int A = 0;
    private static final int B = 1;

    @TempDir
    Path directory;
    LocalDataPlane plane;

    @AfterEach
    void stopNodes() {
        if (plane != null) {
            plane.close();
        }
    }

    private BlobId store(byte[] blob) {
        Http.Response stored = Http.put(plane.node(2).publisherUrl() + "/v1/blobs?epochs=5", blob);
        assertEquals(200, stored.status(), stored.toString());
        JsonNode result = stored.json();
        return BlobId.parse(result.path("newlyCreated").path("blobObject").path("blobId").asText());
    }

    private void assertReads(int via, Map<BlobId, byte[]> blobs) {
        for (Map.Entry<BlobId, byte[]> blob : blobs.entrySet()) {
            Http.Response read = Http.get(plane.node(via).publisherUrl() + "/v1/blobs/" + blob.getKey());
            assertEquals(200, read.status(), read.toString());
            assertArrayEquals(blob.getValue(), read.body(), "blob " + blob.getKey());
        }
    }

    /** Node {@code node} serves, for every blob, exactly the encoder's slivers of {@code shards}. */
    private void assertServes(int node, List<Integer> shards, Map<BlobId, byte[]> blobs) {
        for (byte[] blob : blobs.values()) {
            ExpandedBlob expanded = ExpandedBlob.encode(CONFIG, blob);
            for (int shard : shards) {
                int pair = CONFIG.pairOfShard(shard, expanded.blobId());
                for (SliverType type : SliverType.values()) {
                    Http.Response sliver = Http.get(plane.node(node).nodeApiUrl() + "/v1/blobs/"
                            + expanded.blobId() + "/slivers/" + pair + "/" + type.pathName());
                    assertEquals(200, sliver.status(), sliver.toString());
                    byte[] expected = type == SliverType.PRIMARY ? expanded.sliverPair(pair).primary().toBcs()
                            : expanded.sliverPair(pair).secondary().toBcs();
                    assertArrayEquals(expected, sliver.body(), "shard " + shard + " " + type.pathName());
                }
            }
        }
    }

    private JsonNode shardStatuses(int node) {
        Http.Response response = Http.get(plane.node(node).nodeApiUrl() + "/v1/shards");
        assertEquals(200, response.status(), response.toString());
        return response.json().path("success").path("data");
    }

    private JsonNode shardStatus(int node, int shard) {
        for (JsonNode entry : shardStatuses(node).path("shards")) {
            if (entry.path("shard").asInt() == shard) {
                return entry;
            }
        }
        return null;
    }

    private boolean holdsSlivers(int node, int shard) {
        return !plane.node(node).storage().slivers().blobIds(shard, 1).isEmpty();
    }

    private Map<BlobId, byte[]> storeMixedBlobs() {
        Map<BlobId, byte[]> blobs = new LinkedHashMap<>();
        for (byte[] blob : List.of(new byte[0], new byte[] {42}, DataPlaneRoundTripTest.randomBlob(1 << 20, 7),
                DataPlaneRoundTripTest.randomBlob(5_000, 8))) {
            blobs.put(store(blob), blob);
        }
        return blobs;
    }

    @Test
    void movedShardsAreSyncedFromTheirPreviousOwnerWhichDeletesThemOnceTheChangeIsDone() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
        Map<BlobId, byte[]> blobs = storeMixedBlobs();
        List<Integer> moved = plane.node(A).shards();
        await().atMost(WAIT).until(() -> plane.node(B).view().syncedEpochs().contains(1L));

        Committee next = plane.moveShards(moved, B);
        plane.advance(next);

        for (int node = 1; node < 4; node++) {
            int n = node;
            await().atMost(WAIT).until(() -> plane.node(n).view().syncedEpochs().contains(2L));
        }
        for (int shard : moved) {
            JsonNode status = shardStatus(B, shard);
            assertEquals("ACTIVE", status.path("status").asText(), status.toString());
            assertEquals(2, status.path("epoch").asLong());
            assertEquals(blobs.size(), status.path("synced").asLong(), status.toString());
            assertEquals(blobs.size(), status.path("total").asLong(), status.toString());
            assertEquals(0, status.path("recovered").asLong(), status.toString());
            assertEquals("LOCKED_TO_MOVE", shardStatus(A, shard).path("status").asText());
            assertTrue(holdsSlivers(A, shard), "A keeps shard " + shard + " until the change is done");
        }
        assertServes(B, moved, blobs);
        assertReads(1, blobs);
        assertReads(3, blobs);
        // A locked shard is still served to a new owner; a shard A never held is refused.
        assertEquals(200, Http.get(plane.node(A).nodeApiUrl() + "/v1/shards/" + moved.get(0)
                + "/slivers?limit=1").status());
        Http.Response refused = Http.get(plane.node(A).nodeApiUrl() + "/v1/shards/"
                + plane.node(2).shards().get(0) + "/slivers");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("SHARD_NOT_ASSIGNED", refused.reason(), refused.toString());
        assertEquals(400, Http.get(plane.node(B).nodeApiUrl() + "/v1/shards/1/slivers?limit=0").status());

        plane.markEpochChangeDone(2);
        await().atMost(WAIT).until(() -> moved.stream().noneMatch(shard -> holdsSlivers(A, shard)));
        await().atMost(WAIT).until(() -> shardStatuses(A).path("shards").isEmpty());
        assertReads(2, blobs);
    }

    @Test
    void whenThePreviousOwnerIsGoneTheNewOwnerRecoversTheShardsAndTheOldOwnerDropsThemWhenItReturns() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
        Map<BlobId, byte[]> blobs = storeMixedBlobs();
        List<Integer> moved = plane.node(A).shards();
        plane.stop(A);

        plane.advance(plane.moveShards(moved, B));

        await().atMost(WAIT).until(() -> plane.node(B).view().syncedEpochs().contains(2L));
        long recovered = 0;
        for (int shard : moved) {
            JsonNode status = shardStatus(B, shard);
            assertEquals("ACTIVE", status.path("status").asText(), status.toString());
            recovered += status.path("recovered").asLong();
        }
        // Recovering a blob rebuilds its slivers on every shard B owns, so the first moved shard does most of it.
        assertTrue(recovered >= blobs.size(), shardStatuses(B).toString());
        assertServes(B, moved, blobs);
        // Only B is left: its own 3 shards are fewer than the 4 primary slivers a read needs, so the rebuilt
        // shards take part in every read.
        plane.stop(2);
        plane.stop(3);
        assertReads(B, blobs);

        // A comes back after the change is done: it drops the shards it lost while away.
        plane.markEpochChangeDone(2);
        plane.restart(A);
        await().atMost(WAIT).until(() -> moved.stream().noneMatch(shard -> holdsSlivers(A, shard)));
        assertTrue(shardStatuses(A).path("shards").isEmpty(), shardStatuses(A).toString());
        assertTrue(plane.node(A).view().syncedEpochs().contains(2L), "a node with no shards has them all");
    }

    @Test
    void aSyncInterruptedByACrashResumesWhereItStoppedAndACorruptSliverIsRecoveredInstead() throws Exception {
        plane = LocalDataPlane.start(directory, 4, SHARDS, LocalDataPlane.testSettings()
                .withShardSync(LocalDataPlane.testSettings().shardSync().withPageBlobs(2)));
        Map<BlobId, byte[]> blobs = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            byte[] blob = DataPlaneRoundTripTest.randomBlob(2_000 + i, 100 + i);
            blobs.put(store(blob), blob);
        }
        List<Integer> moved = plane.node(A).shards();
        int first = moved.get(0);
        int corruptShard = moved.get(moved.size() - 1);
        BlobId corruptBlob = blobs.keySet().iterator().next();
        Sliver good = plane.node(A).storage().slivers().get(corruptShard, corruptBlob, SliverType.PRIMARY)
                .orElseThrow();
        byte[] data = good.data();
        data[data.length - 1] ^= 1;
        plane.node(A).storage().slivers().put(corruptShard, corruptBlob,
                new Sliver(SliverType.PRIMARY, good.index(), good.symbolSize(), data));

        // B stops for good in the middle of the first shard: after its second page is persisted.
        CountDownLatch paused = new CountDownLatch(1);
        List<ShardState> before = new CopyOnWriteArrayList<>();
        plane.node(B).dataPlane().shardSyncWorker().onProgress(state -> {
            before.add(state);
            if (before.size() == 2) {
                paused.countDown();
                try {
                    new CountDownLatch(1).await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        plane.advance(plane.moveShards(moved, B));
        assertTrue(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS), "B never reached its second page");
        ShardState persisted = before.get(1);
        assertEquals(first, persisted.shard());
        assertEquals(4, persisted.synced());
        // While B syncs, a sliver it does not hold yet is a clear 503, and reads go to the other shards.
        BlobId notYetSynced = blobs.keySet().stream().max(BlobId::compareTo).orElseThrow();
        Http.Response syncing = Http.get(plane.node(B).nodeApiUrl() + "/v1/blobs/" + notYetSynced + "/slivers/"
                + CONFIG.pairOfShard(first, notYetSynced) + "/primary");
        assertEquals(503, syncing.status(), syncing.toString());
        assertEquals("SHARD_SYNCING", syncing.reason(), syncing.toString());
        assertEquals("ACTIVE_SYNC", shardStatus(B, first).path("status").asText());
        assertReads(3, blobs);
        plane.stop(B);

        List<ShardState> after = new CopyOnWriteArrayList<>();
        plane.restart(B, restarted -> restarted.shardSyncWorker().onProgress(after::add));
        await().atMost(WAIT).until(() -> plane.node(B).view().syncedEpochs().contains(2L));

        List<ShardState> resumed = after.stream().filter(state -> state.shard() == first).toList();
        // 8 blobs in pages of 2 are 5 pages (the last empty); 2 were done before the crash.
        assertEquals(3, resumed.size(), resumed.toString());
        assertEquals(6, resumed.get(0).synced(), resumed.toString());
        assertEquals(persisted.total(), resumed.get(0).total());
        JsonNode corrupt = shardStatus(B, corruptShard);
        assertEquals("ACTIVE", corrupt.path("status").asText(), corrupt.toString());
        assertEquals(1, corrupt.path("recovered").asLong(), corrupt.toString());
        assertServes(B, moved, blobs);
        assertReads(B, blobs);
        List<Integer> others = new ArrayList<>(moved);
        others.remove(Integer.valueOf(corruptShard));
        for (int shard : others) {
            assertEquals(0, shardStatus(B, shard).path("recovered").asLong());
        }
        assertFalse(shardStatuses(A).path("shards").isEmpty(), "A keeps its locked shards until the change is done");
    }

    @Test
    void aNodeThatMissedTheEpochChangeTakesOverItsGainedShardsWhenItReturns() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
        Map<BlobId, byte[]> blobs = storeMixedBlobs();
        List<Integer> moved = plane.node(A).shards();
        int late = 3;
        plane.stop(late);
        plane.advance(plane.moveShards(moved, late));
        await().atMost(WAIT).until(() -> plane.node(B).view().syncedEpochs().contains(2L));
        assertTrue(moved.stream().allMatch(shard -> holdsSlivers(A, shard)), "A keeps what nobody took yet");

        plane.restart(late);
        await().atMost(WAIT).until(() -> plane.node(late).view().syncedEpochs().contains(2L));
        for (int shard : moved) {
            JsonNode status = shardStatus(late, shard);
            assertEquals("ACTIVE", status.path("status").asText(), status.toString());
            assertEquals(blobs.size(), status.path("synced").asLong(), status.toString());
        }
        assertServes(late, moved, blobs);

        plane.markEpochChangeDone(2);
        await().atMost(WAIT).until(() -> moved.stream().noneMatch(shard -> holdsSlivers(A, shard)));
        plane.stop(A);
        assertReads(late, blobs);
    }
}
