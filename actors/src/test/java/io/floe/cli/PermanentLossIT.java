package io.floe.cli;

import static io.floe.cli.ProcessCluster.awaitEpoch;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 1, a permanent loss: five {@code floe up} node processes, 20 shards ({@code f = 6}). Node 5 is
 * SIGKILLed and never comes back; once the split-brain resolver downs it, the next epoch gives its four shards to the
 * others, which cannot sync them from it and rebuild them from recovery symbols (their {@code /v1/shards} shows them
 * {@code ACTIVE} again, and every blob's status shows both slivers of every gained shard). Then node 4 is SIGKILLed
 * too: nine shards of the original committee are lost, more than {@code f}, and every acknowledged blob still reads
 * back byte-exact.
 */
class PermanentLossIT {
    private static final int NODES = 5;
    private static final int SHARDS = 20;
    private static final int FIRST_LOST = 5;
    private static final int SECOND_LOST = 4;
    private static final int[] SIZES = {0, 1, 1000, 4096, 65_536, 300_000, 1 << 20};

    @TempDir
    Path dir;

    @Test
    void everyBlobSurvivesTwoPermanentlyLostNodes() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.up(dir, NODES, SHARDS, Map.of(
                "FLOE_NODE_JAVA_OPTS", ProcessCluster.FAST_DOWNING,
                "FLOE_COMMITTEE_MEMBER_ANNOUNCE_INTERVAL", "2s"))) {
            BlobHistory history = new BlobHistory(SHARDS);
            Random random = new Random(1);
            for (int i = 0; i < SIZES.length; i++) {
                byte[] blob = new byte[SIZES[i]];
                random.nextBytes(blob);
                history.store(publisher(1 + i % NODES), blob, "epochs=10&permanent=true");
            }
            assertEquals(SIZES.length, history.acknowledgedStores().size(), "a healthy cluster stores every blob:"
                    + history.summary());
            JsonNode genesis = ProcessCluster.committee(1);
            Set<Integer> lost = shardsOf(genesis, "node-" + FIRST_LOST);
            assertFalse(lost.isEmpty(), "node-" + FIRST_LOST + " owns shards: " + genesis);

            cluster.kill(FIRST_LOST);
            List<Integer> survivors = cluster.running();
            // The split-brain resolver downs the killed node (stable-after 7 s); only then is it left out.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode members = getJson(nodeApi(1) + "/v1/status").path("cluster");
                        assertEquals(NODES - 1, members.path("members").path("Up").asInt(), members.toString());
                        assertEquals(0, members.path("unreachable").size(), members.toString());
                    });
            long next = ProcessCluster.requestEpochChange(1);
            assertEquals(genesis.path("epoch").asLong() + 1, next);
            JsonNode after = awaitEpoch(survivors, next, Duration.ofSeconds(120));
            assertFalse(memberIds(after).contains("node-" + FIRST_LOST), "the lost node is left out: " + after);

            // Who gained the lost shards, and each new owner's shard records.
            Map<Integer, Integer> newOwner = new HashMap<>();
            for (int node : survivors) {
                for (int shard : shardsOf(after, "node-" + node)) {
                    if (lost.contains(shard)) {
                        newOwner.put(shard, node);
                    }
                }
            }
            assertEquals(lost, newOwner.keySet(), "every lost shard has a new owner: " + after);
            int[] recovered = new int[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        recovered[0] = 0;
                        for (int node : survivors) {
                            JsonNode records = ProcessCluster.shards(node);
                            Set<Integer> active = new HashSet<>();
                            for (JsonNode record : records.path("shards")) {
                                if (record.path("status").asText().equals("ACTIVE")) {
                                    active.add(record.path("shard").asInt());
                                }
                                if (lost.contains(record.path("shard").asInt())) {
                                    recovered[0] += record.path("recovered").asInt();
                                }
                            }
                            Set<Integer> owned = shardsOf(after, "node-" + node);
                            assertTrue(active.containsAll(owned), "node-" + node + " owns " + owned + ": " + records);
                        }
                    });
            assertTrue(recovered[0] > 0, "the gained shards were rebuilt from recovery symbols");
            for (BlobHistory.Operation store : history.acknowledgedStores()) {
                for (int shard : lost) {
                    int owner = newOwner.get(shard);
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                            .untilAsserted(() -> {
                                JsonNode status = getJson(nodeApi(owner) + "/v1/blobs/" + store.blobId() + "/status");
                                JsonNode slivers = status.path("shards").path(Integer.toString(shard));
                                assertTrue(slivers.path("primary").asBoolean() && slivers.path("secondary")
                                        .asBoolean(), "node-" + owner + " shard " + shard + ": " + status);
                            });
                }
            }

            cluster.kill(SECOND_LOST);
            int lostShards = lost.size() + shardsOf(after, "node-" + SECOND_LOST).size();
            assertTrue(lostShards > cluster.faulty(), lostShards + " shards of the original committee are lost");
            List<Integer> readers = cluster.running();
            for (BlobHistory.Operation store : history.acknowledgedStores()) {
                for (int reader : readers) {
                    history.assertReadsBack(publisher(reader), store);
                }
            }
            System.out.println("permanent loss: " + history.acknowledgedStores().size() + " blobs read back from "
                    + readers + " after losing " + lostShards + " of " + SHARDS + " shards; " + recovered[0]
                    + " blob-shards recovered" + history.summary());
        }
    }
}
