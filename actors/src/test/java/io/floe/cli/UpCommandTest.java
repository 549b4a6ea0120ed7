package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import io.floe.tls.ClusterTlsStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code floe up} refuses before starting anything, and the settings it gives each node. */
class UpCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesBadCountsBeforeStartingAnything() {
        CliRun noNodes = CliRun.of("up", "--nodes", "0", "--dir", dir.toString());
        CliRun fewShards = CliRun.of("up", "--nodes", "4", "--shards", "3", "--dir", dir.toString());

        assertEquals(ExitCodes.USAGE, noNodes.exitCode());
        assertTrue(noNodes.err().startsWith("error: invalid --nodes 0"), noNodes.err());
        assertEquals(ExitCodes.USAGE, fewShards.exitCode());
        assertTrue(fewShards.err().contains("invalid --shards 3"), fewShards.err());
    }

    @Test
    void refusesToChangeTheLayoutOfExistingData() throws Exception {
        Files.writeString(dir.resolve("layout.json"), "{\"nodes\":4,\"shards\":16}");

        CliRun run = CliRun.of("up", "--shards", "32", "--dir", dir.toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("holds a cluster of 4 nodes and 16 shards"), run.err());
    }

    @Test
    void nodeThreeBindsItsOwnLoopbackAddressAndJoinsNodeOne() {
        Map<String, String> environment = UpCommand.environment(dir.resolve("node-3"),
                new ClusterDirectory.Layout(4, 16), 3);

        assertEquals("node-3", environment.get("FLOE_NODE_ID"));
        assertEquals(LoopbackAddresses.host(3), environment.get("FLOE_HOST"));
        assertEquals(LoopbackAddresses.host(1) + ":25520", environment.get("FLOE_SEED_NODES"));
        assertEquals("node-1,node-2,node-3,node-4", environment.get("FLOE_INITIAL_MEMBERS"));
        assertEquals("16", environment.get("FLOE_SHARD_COUNT"));
    }

    @Test
    void withTlsEachNodeGetsItsOwnKeyStoreAndTheSharedTrustStore() throws Exception {
        ClusterTlsStores stores = new ClusterTlsStores(dir.resolve("tls"));
        TlsCommand.create(stores, 3, Duration.ofDays(1));

        Map<String, String> environment = UpCommand.tlsEnvironment(stores, 3);

        assertEquals("on", environment.get("FLOE_TLS_ENABLED"));
        assertEquals(stores.keyStore("node-3").toString(), environment.get("FLOE_TLS_KEY_STORE"));
        assertEquals(stores.trustStore().toString(), environment.get("FLOE_TLS_TRUST_STORE"));
        assertEquals(stores.password(), environment.get("FLOE_TLS_KEY_STORE_PASSWORD"));
        assertEquals(stores.password(), environment.get("FLOE_TLS_TRUST_STORE_PASSWORD"));
        assertTrue(Files.isRegularFile(stores.keyStore("node-3")));
    }

    @Test
    void clusterJsonListsEachNodesManagementAndMetricsUrls() throws Exception {
        ClusterDirectory cluster = new ClusterDirectory(dir);
        cluster.writeClusterFile(new ClusterDirectory.ClusterFile(16, List.of(ClusterDirectory.entry(2, 42))));

        JsonNode node = new ObjectMapper().readTree(dir.resolve("cluster.json").toFile()).path("nodes").path(0);
        String host = LoopbackAddresses.host(2);
        assertEquals("http://" + host + ":9100", node.path("nodeApiUrl").asText());
        assertEquals("http://" + host + ":8558", node.path("managementUrl").asText());
        assertEquals("http://" + host + ":9100/metrics", node.path("metricsUrl").asText());
    }

    @Test
    void refusesAnEpochDurationThatIsNotOne() {
        CliRun run = CliRun.of("up", "--dir", dir.toString(), "--epoch-duration", "soon");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("invalid --epoch-duration soon"), run.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("up", "--dir", dir.toString(), "--epoch-duration", "0s").exitCode());
    }

    @Test
    void downWithoutAClusterSaysSo() {
        CliRun run = CliRun.of("down", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("no cluster is running"), run.out());
    }
}
