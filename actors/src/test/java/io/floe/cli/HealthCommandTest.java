package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.http.LocalDataPlane;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe health} against four in-JVM data-plane nodes (10 shards: 3, 3, 2, 2): all up, one down (degraded),
 * two down (writes cannot be certified). These nodes have no Pekko Management; the management checks run against
 * real node processes in {@link CliClusterIT}.
 */
class HealthCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    LocalDataPlane plane;
    Path clusterDir;

    @BeforeEach
    void start() throws IOException {
        plane = LocalDataPlane.start(directory.resolve("nodes"), 4, 10);
        clusterDir = writeClusterFile(null);
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    /** A cluster.json naming the four nodes; node 2 gets {@code managementUrl} if not null. */
    private Path writeClusterFile(String managementUrl) throws IOException {
        Path dir = Files.createDirectories(directory.resolve("cluster-" + (managementUrl == null ? "plain" : "mgmt")));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        for (LocalDataPlane.Node node : plane.nodes()) {
            ObjectNode entry = nodes.addObject();
            entry.put("id", node.nodeId());
            entry.put("pid", 1);
            entry.put("publisherUrl", node.publisherUrl());
            entry.put("nodeApiUrl", node.nodeApiUrl());
            if (managementUrl != null && node.nodeId().equals("node-2")) {
                entry.put("managementUrl", managementUrl);
            }
        }
        JSON.writeValue(dir.resolve("cluster.json").toFile(), root);
        return dir;
    }

    private CliRun health(String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "health";
        args[1] = "--dir";
        args[2] = clusterDir.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.of(args);
    }

    @Test
    void everyNodeUpIsHealthy() throws IOException {
        CliRun text = health();
        assertEquals(ExitCodes.OK, text.exitCode(), text.out() + text.err());
        assertTrue(text.out().startsWith("cluster: epoch 1, 10 shards; nodes holding 10 answer"), text.out());
        assertTrue(text.out().contains("healthy"), text.out());
        assertEquals(6, text.out().lines().count(), text.out());

        CliRun run = health("--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.path("healthy").asBoolean());
        assertTrue(report.path("canCertifyWrites").asBoolean());
        assertEquals(10, report.path("reachableShards").asInt());
        assertEquals(7, report.path("quorumShards").asInt());
        assertEquals(4, report.path("nodes").size());
        for (int i = 0; i < 4; i++) {
            JsonNode node = report.path("nodes").get(i);
            assertEquals(plane.node(i).nodeId(), node.path("id").asText());
            assertTrue(node.path("nodeApi").asBoolean(), node.toString());
            assertEquals(LocalDataPlane.EPOCH, node.path("epoch").asLong());
            assertEquals(plane.node(i).shards().size(), node.path("shards").asInt());
            assertTrue(node.path("alive").isNull(), "no management URL in cluster.json: " + node);
            assertEquals(0, node.path("problems").size(), node.toString());
        }
    }

    @Test
    void withUrlTheCommitteeNamesTheNodes() throws IOException {
        CliRun run = CliRun.of("health", "--json", "--url", plane.node(2).nodeApiUrl());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(4, report.path("nodes").size());
        assertEquals(plane.node(0).nodeApiUrl(), report.path("nodes").get(0).path("nodeApiUrl").asText());
    }

    @Test
    void oneNodeDownIsDegradedAndTwoCannotCertifyWrites() throws IOException {
        plane.stop(3);
        CliRun degraded = health("--json");
        assertEquals(ExitCodes.DEGRADED, degraded.exitCode(), degraded.out() + degraded.err());
        JsonNode report = JSON.readTree(degraded.out());
        assertFalse(report.path("healthy").asBoolean());
        assertTrue(report.path("canCertifyWrites").asBoolean());
        assertEquals(8, report.path("reachableShards").asInt());
        JsonNode down = report.path("nodes").get(3);
        assertFalse(down.path("nodeApi").asBoolean(), down.toString());
        assertTrue(down.path("epoch").isNull(), down.toString());
        assertEquals("node API does not answer", down.path("problems").get(0).asText(), down.toString());

        CliRun text = health();
        assertEquals(ExitCodes.DEGRADED, text.exitCode());
        assertTrue(text.out().contains("degraded (writes still certify)"), text.out());
        assertTrue(text.out().lines().anyMatch(line -> line.startsWith("node-3") && line.contains("does not answer")),
                text.out());

        plane.stop(0);
        CliRun unavailable = health("--json");
        assertEquals(ExitCodes.UNAVAILABLE, unavailable.exitCode(), unavailable.out());
        JsonNode worse = JSON.readTree(unavailable.out());
        assertFalse(worse.path("canCertifyWrites").asBoolean());
        assertEquals(5, worse.path("reachableShards").asInt());

        plane.restart(0);
        plane.restart(3);
        assertEquals(ExitCodes.OK, health().exitCode());
    }

    @Test
    void aManagementEndpointThatDoesNotAnswerIsAProblem() throws IOException {
        clusterDir = writeClusterFile(deadUrl());
        CliRun run = health("--json");
        assertEquals(ExitCodes.DEGRADED, run.exitCode(), run.out() + run.err());
        JsonNode node = JSON.readTree(run.out()).path("nodes").get(2);
        assertFalse(node.path("alive").asBoolean(), node.toString());
        assertEquals("management does not answer /alive", node.path("problems").get(0).asText());
    }

    @Test
    void noNodeAnsweringIsUnavailable() throws IOException {
        CliRun byUrl = CliRun.of("health", "--url", deadUrl());
        assertEquals(ExitCodes.UNAVAILABLE, byUrl.exitCode());
        assertEquals(1, byUrl.errLines().length, byUrl.err());

        plane.close();
        CliRun byDir = health("--json");
        assertEquals(ExitCodes.UNAVAILABLE, byDir.exitCode(), byDir.out() + byDir.err());
        JsonNode report = JSON.readTree(byDir.out());
        assertFalse(report.path("canCertifyWrites").asBoolean());
        assertEquals(4, report.path("nodes").size(), "every node of cluster.json is listed as down");
    }

    @Test
    void wrongFlagsAreUsageErrors() {
        CliRun run = health("--nodes", "4");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("see 'floe health --help'"), run.err());
        assertEquals(ExitCodes.USAGE, health("--timeout", "0").exitCode());
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
