package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.floe.client.SliverRecoveryWorker;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.SliverType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery worker's scan continued step by step, as anti-entropy rounds run it: each step examines a bounded
 * number of blobs from where the previous one stopped, and the scan wraps around after the last blob. Anti-entropy
 * rounds are an hour apart here, so only the steps the test takes repair anything.
 */
class RepairScanStepTest {
    private static final int SHARDS = 8;
    private static final int BLOBS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;
    LocalDataPlane plane;

    @BeforeEach
    void startNodes() {
        plane = LocalDataPlane.start(directory, 4, SHARDS, LocalDataPlane.testSettings(),
                LocalDataPlane.testLifecycle().withAntiEntropyInterval(Duration.ofHours(1)));
    }

    @AfterEach
    void stopNodes() {
        plane.close();
    }

    @Test
    void eachStepExaminesAPageFromWhereThePreviousStoppedAndTheScanWrapsAround() {
        List<BlobId> blobs = new ArrayList<>();
        for (int i = 0; i < BLOBS; i++) {
            byte[] blob = new byte[20_000];
            new Random(i).nextBytes(blob);
            Http.Response stored = Http.put(plane.node(0).publisherUrl() + "/v1/blobs?epochs=3", blob);
            assertEquals(200, stored.status(), stored.toString());
            blobs.add(BlobId.parse(stored.json().path("newlyCreated").path("blobObject").path("blobId").asText()));
        }
        LocalDataPlane.Node node = plane.node(1);
        blobs.forEach(blobId -> dropSlivers(node, blobId));
        SliverRecoveryWorker worker = node.dataPlane().recoveryWorker();

        // One blob per page, one page per step: each step repairs one more blob.
        for (int step = 1; step <= BLOBS; step++) {
            step(worker, 1);
            int expected = step;
            await().atMost(WAIT).until(() -> complete(node, blobs) == expected);
        }
        // The step after the last blob finds the end and wraps around: the next one starts from the first blob again.
        step(worker, 1);
        blobs.forEach(blobId -> dropSlivers(node, blobId));
        step(worker, 1);
        await().atMost(WAIT).until(() -> complete(node, blobs) == 1);
        // A step of two pages examines the next two blobs.
        step(worker, 2);
        await().atMost(WAIT).until(() -> complete(node, blobs) == BLOBS);
    }

    /** Takes a step of {@code pages} pages of one blob, once the previous step is done. */
    private static void step(SliverRecoveryWorker worker, int pages) {
        await().atMost(WAIT).until(() -> worker.continueScan(1, pages));
    }

    private static void dropSlivers(LocalDataPlane.Node node, BlobId blobId) {
        for (int shard : node.shards()) {
            node.storage().slivers().deleteBlob(shard, blobId);
        }
        assertFalse(holds(node, blobId), "slivers of " + blobId + " dropped");
    }

    private static int complete(LocalDataPlane.Node node, List<BlobId> blobs) {
        return (int) blobs.stream().filter(blobId -> holds(node, blobId)).count();
    }

    private static boolean holds(LocalDataPlane.Node node, BlobId blobId) {
        for (int shard : node.shards()) {
            for (SliverType type : SliverType.values()) {
                if (!node.storage().slivers().has(shard, blobId, type)) {
                    return false;
                }
            }
        }
        return true;
    }
}
