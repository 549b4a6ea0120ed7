package io.floe.cli;

import static io.floe.cli.ProcessCluster.getJson;
import static io.floe.cli.ProcessCluster.memberIds;
import static io.floe.cli.ProcessCluster.nodeApi;
import static io.floe.cli.ProcessCluster.publisher;
import static io.floe.cli.ProcessCluster.shardsOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.EncodingConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 4, a join under write load: four {@code floe up} node processes and a writer thread storing blobs
 * (bounded in count and time) through their publishers; a fifth node process starts on its own loopback address with
 * the same seed and shard count, not among the initial members; the operator asks for the next epoch, which gives it
 * shards. It takes them over from their previous owners ({@code /v1/shards} shows them {@code ACTIVE}) and serves
 * their slivers; writes are acknowledged before, during and after the change, and every acknowledged blob reads back
 * byte-exact, also through the new node's aggregator.
 *
 * <p>About two minutes, so it runs only with {@code -Dfloe.long-tests=true}. It fails in about half the runs because
 * of an open bug: the previous owners may delete the shards before the new node pulls them, and the new node, which
 * knows no blobs yet, then "recovers" them empty (see "Known issue" in docs/shard-sync.md).
 */
@EnabledIfSystemProperty(named = "floe.long-tests", matches = "true")
class JoinUnderLoadIT {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final int JOINER = 5;
    private static final int MAX_WRITES = 400;
    private static final Duration WRITE_BUDGET = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    /** Anti-entropy rounds this often (30 s by default), so that blobs the sync missed reach the joiner soon. */
    private static final String ANTI_ENTROPY = "5s";

    @Test
    void aNodeJoiningUnderWriteLoadTakesOverShardsAndNothingAcknowledgedIsLost() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.up(dir, NODES, SHARDS, Map.of(
                "FLOE_NODE_JAVA_OPTS", ProcessCluster.FAST_DOWNING, "FLOE_ANTI_ENTROPY_INTERVAL", ANTI_ENTROPY))) {
            BlobHistory history = new BlobHistory(SHARDS);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    write(history, stop);
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }, "join-under-load-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> history.acknowledgedStores().size() >= 5);
                cluster.startNode(JOINER, Map.of("FLOE_ANTI_ENTROPY_INTERVAL", ANTI_ENTROPY));
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .untilAsserted(() -> assertEquals(NODES + 1, getJson(nodeApi(1) + "/v1/status")
                                .path("cluster").path("members").path("Up").asInt()));
                // The joiner announces itself every second; an epoch decided before the coordinator heard of it
                // leaves it out, so ask again (at most three times).
                JsonNode joined = null;
                for (int attempt = 0; attempt < 3 && joined == null; attempt++) {
                    long epoch = ProcessCluster.requestEpochChange(1);
                    JsonNode committee = ProcessCluster.awaitEpoch(List.of(1, JOINER), epoch, Duration.ofSeconds(90));
                    joined = memberIds(committee).contains("node-" + JOINER) ? committee : null;
                }
                assertTrue(joined != null, "node-" + JOINER + " joined the committee");
                long joinedAt = System.nanoTime();
                int acknowledgedBefore = history.acknowledgedStores().size();
                Set<Integer> gained = shardsOf(joined, "node-" + JOINER);
                assertFalse(gained.isEmpty(), "the new member owns shards: " + joined);

                long[] synced = new long[1];
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .untilAsserted(() -> {
                            JsonNode records = ProcessCluster.shards(JOINER);
                            Set<Integer> active = new HashSet<>();
                            synced[0] = 0;
                            for (JsonNode record : records.path("shards")) {
                                if (record.path("status").asText().equals("ACTIVE")) {
                                    active.add(record.path("shard").asInt());
                                }
                                synced[0] += record.path("synced").asLong();
                            }
                            assertTrue(active.containsAll(gained), gained + " active: " + records);
                        });
                assertTrue(synced[0] > 0, "the new member synced blobs from the previous owners: "
                        + ProcessCluster.shards(JOINER) + cluster.log(JOINER).lines()
                                .filter(line -> line.contains("shard") || line.contains("committee view"))
                                .reduce("", (a, b) -> a + "\n" + b));
                long activeAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> history.acknowledgedStores().size() >= acknowledgedBefore + 5);
                stop.set(true);
                writer.join(Duration.ofSeconds(120).toMillis());
                assertFalse(writer.isAlive(), "the writer stopped");
                if (writerFailure.get() != null) {
                    throw new AssertionError("the writer failed", writerFailure.get());
                }

                List<BlobHistory.Operation> acknowledged = history.acknowledgedStores();
                assertTrue(acknowledged.stream().anyMatch(op -> op.completedNanos() > joinedAt),
                        "writes were acknowledged after the join" + history.summary());
                EncodingConfig config = EncodingConfig.forShards(SHARDS);
                int sliversServed = 0;
                for (BlobHistory.Operation store : acknowledged) {
                    history.assertReadsBack(publisher(JOINER), store);
                    history.assertReadsBack(publisher(1 + store.index() % NODES), store);
                    if (store.invokedNanos() < joinedAt) {
                        // A blob stored through the epoch-1 committee while node-5 was paging through a shard may
                        // reach the previous owner after node-5's cursor passed its ID; node-5 then learns it by
                        // anti-entropy (every ANTI_ENTROPY here) and rebuilds the sliver, so wait for that.
                        for (int shard : gained) {
                            int pair = config.pairOfShard(shard, BlobId.parse(store.blobId()));
                            URI sliverUri = URI.create(nodeApi(JOINER) + "/v1/blobs/" + store.blobId() + "/slivers/"
                                    + pair + "/primary");
                            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                                    .untilAsserted(() -> assertEquals(200, ProcessCluster.HTTP.send(
                                            HttpRequest.newBuilder(sliverUri).timeout(Duration.ofSeconds(20)).GET()
                                                    .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode(),
                                            "node-" + JOINER + " serves pair " + pair + " (shard " + shard + ") of "
                                                    + store.blobId()));
                            sliversServed++;
                        }
                    }
                }
                for (BlobHistory.Operation store : history.stores()) {
                    if (store.outcome() != BlobHistory.Outcome.OK) {
                        history.read(publisher(1), store.blobId()); // wrong bytes would fail here
                    }
                }
                System.out.printf("join under load: %d of %d writes acknowledged, %d after the join; node-%d gained"
                        + " shards %s (%d blobs synced, ACTIVE %d ms after the commit) and served %d slivers%s%n",
                        acknowledged.size(), history.stores().size(),
                        acknowledged.stream().filter(op -> op.completedNanos() > joinedAt).count(), JOINER, gained,
                        synced[0], (activeAt - joinedAt) / 1_000_000, sliversServed, history.summary());
            } finally {
                stop.set(true);
                writer.join(Duration.ofSeconds(90).toMillis());
            }
        }
    }

    /** Stores random 1-64 KiB blobs round-robin through the first four publishers until told to stop or out of budget. */
    private static void write(BlobHistory history, AtomicBoolean stop) {
        Random random = new Random(4);
        long deadline = System.nanoTime() + WRITE_BUDGET.toNanos();
        AtomicLong count = new AtomicLong();
        while (!stop.get() && count.get() < MAX_WRITES && System.nanoTime() < deadline) {
            byte[] blob = new byte[1024 + random.nextInt(63 * 1024)];
            random.nextBytes(blob);
            history.store(publisher(1 + (int) (count.getAndIncrement() % NODES)), blob, "epochs=10&permanent=true");
        }
    }
}
