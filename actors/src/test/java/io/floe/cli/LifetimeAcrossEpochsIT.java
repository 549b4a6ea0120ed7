package io.floe.cli;

import static io.floe.cli.ProcessCluster.awaitEpoch;
import static io.floe.cli.ProcessCluster.publisher;
import static io.floe.cli.ProcessCluster.requestEpochChange;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.cli.BlobHistory.Operation;
import io.floe.cli.BlobHistory.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 6, blob lifetimes across epoch changes on four {@code floe up} node processes: blob A stored for one
 * epoch, B deletable for three, C for one then extended by two with {@code floe extend}, D permanent for five. B is
 * deleted with {@code floe delete} and its token; D cannot be deleted (exit 9, "permanent blobs cannot be deleted").
 * After the operator asks for epoch 2, every node's aggregator answers 404 {@code BLOB_EXPIRED} for A and
 * {@code BLOB_DELETED} for B, and reads C and D byte-exact; in epoch 3 C still reads; in epoch 4, its end epoch, C
 * expires too, while D still reads.
 */
class LifetimeAcrossEpochsIT {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void expiryDeletionAndExtensionHoldAcrossEpochChanges() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.up(dir, NODES, SHARDS, Map.of(
                "FLOE_NODE_JAVA_OPTS", ProcessCluster.FAST_DOWNING))) {
            BlobHistory history = new BlobHistory(SHARDS);
            Random random = new Random(6);
            Operation a = history.store(publisher(1), bytes(random, 10_000), "epochs=1");
            Operation b = history.store(publisher(2), bytes(random, 70_000), "epochs=3&deletable=true");
            Operation c = history.store(publisher(3), bytes(random, 1), "epochs=1");
            Operation d = history.store(publisher(4), bytes(random, 200_000), "epochs=5&permanent=true");
            assertEquals(4, history.acknowledgedStores().size(), history.summary());
            assertEquals(1, ProcessCluster.committee(1).path("epoch").asLong(), "the blobs were stored in epoch 1");
            assertNotNull(b.deletionToken(), "a deletable blob comes with a deletion token");

            long invoked = System.nanoTime();
            CliRun extend = CliRun.of("extend", c.blobId(), "--epochs", "2", "--url", publisher(2), "--json");
            history.cli("extend C", invoked, extend);
            assertEquals(ExitCodes.OK, extend.exitCode(), extend.out() + extend.err());
            assertEquals(4, ProcessCluster.JSON.readTree(extend.out()).path("extended").path("endEpoch").asLong(),
                    extend.out());

            invoked = System.nanoTime();
            CliRun delete = CliRun.of("delete", b.blobId(), "--token", b.deletionToken(), "--url", publisher(3));
            history.cli("delete B", invoked, delete);
            assertEquals(ExitCodes.OK, delete.exitCode(), delete.out() + delete.err());
            assertTrue(delete.out().contains("deleted blob " + b.blobId()), delete.out());

            invoked = System.nanoTime();
            CliRun permanent = CliRun.of("delete", d.blobId(), "--token", "A".repeat(43), "--url", publisher(1));
            history.cli("delete D", invoked, permanent);
            assertEquals(ExitCodes.REJECTED, permanent.exitCode(), permanent.out() + permanent.err());
            assertTrue(permanent.err().contains("permanent blobs cannot be deleted")
                    && permanent.err().contains("409 BLOB_PERMANENT"), permanent.err());
            List<Integer> nodes = cluster.running();
            await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (int node : nodes) {
                    history.assertGone(publisher(node), b.blobId(), "BLOB_DELETED");
                }
            });
            for (int node : nodes) {
                history.assertReadsBack(publisher(node), a);
                history.assertReadsBack(publisher(node), d);
            }

            assertEquals(2, requestEpochChange(1));
            awaitEpoch(nodes, 2, Duration.ofSeconds(90));
            await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (int node : nodes) {
                    history.assertGone(publisher(node), a.blobId(), "BLOB_EXPIRED");
                    history.assertGone(publisher(node), b.blobId(), "BLOB_DELETED");
                }
            });
            for (int node : nodes) {
                history.assertReadsBack(publisher(node), c);
                history.assertReadsBack(publisher(node), d);
            }

            assertEquals(3, requestEpochChange(2));
            awaitEpoch(nodes, 3, Duration.ofSeconds(90));
            for (int node : nodes) {
                history.assertReadsBack(publisher(node), c);
                history.assertReadsBack(publisher(node), d);
            }

            assertEquals(4, requestEpochChange(3));
            awaitEpoch(nodes, 4, Duration.ofSeconds(90));
            await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (int node : nodes) {
                    history.assertGone(publisher(node), c.blobId(), "BLOB_EXPIRED");
                }
            });
            for (int node : nodes) {
                history.assertReadsBack(publisher(node), d);
                history.assertGone(publisher(node), a.blobId(), "BLOB_EXPIRED");
            }
            assertTrue(history.acknowledgedStores().stream().allMatch(store -> store.outcome() == Outcome.OK));
            System.out.println("lifetimes across epochs:" + history.summary());
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] blob = new byte[size];
        random.nextBytes(blob);
        return blob;
    }
}
