package io.floe.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands as a user runs them, against a {@code floe up} cluster of four node processes: health with
 * Pekko Management's checks, info, blob-status, then a node killed with SIGKILL.
 */
class CliClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun floe(String... args) throws IOException, InterruptedException {
        return CliRun.ofJar(dir, args);
    }

    @Test
    void healthInfoAndBlobStatusAgainstNodeProcessesWithOneKilled() throws Exception {
        Path cluster = dir.resolve("cluster");
        String clusterDir = cluster.toString();
        List<Long> pids = new ArrayList<>();
        try {
            CliRun up = floe("up", "--nodes", "4", "--shards", "16", "--dir", clusterDir, "--json");
            assertEquals(ExitCodes.OK, up.exitCode(), up.out() + up.err());
            JsonNode started = JSON.readTree(up.out());
            assertEquals(16, started.path("shards").asInt(), up.out());
            started.path("nodes").forEach(node -> pids.add(node.path("pid").asLong()));
            assertEquals(4, pids.size(), up.out());

            JsonNode healthy = JSON.readTree(awaitHealth(clusterDir, ExitCodes.OK).out());
            assertTrue(healthy.path("canCertifyWrites").asBoolean());
            assertEquals(16, healthy.path("reachableShards").asInt());
            for (JsonNode node : healthy.path("nodes")) {
                assertTrue(node.path("alive").asBoolean() && node.path("ready").asBoolean(), node.toString());
                assertEquals("Up", node.path("clusterStatus").asText(), node.toString());
                assertEquals(4, node.path("shards").asInt(), node.toString());
                assertEquals(healthy.path("epoch").asLong(), node.path("epoch").asLong(), node.toString());
            }

            CliRun info = floe("info", "--dir", clusterDir, "--size", "1MiB", "--json");
            assertEquals(ExitCodes.OK, info.exitCode(), info.err());
            JsonNode committee = JSON.readTree(info.out());
            assertEquals(16, committee.path("nShards").asInt());
            assertEquals(4, committee.path("members").size());
            assertEquals("http://" + LoopbackAddresses.host(1) + ":9100",
                    committee.path("members").get(0).path("apiUrl").asText());

            byte[] bytes = new byte[20_000];
            new Random(1).nextBytes(bytes);
            Path file = Files.write(dir.resolve("blob.bin"), bytes);
            CliRun store = floe("store", file.toString(), "--dir", clusterDir, "--epochs", "3", "--json");
            assertEquals(ExitCodes.OK, store.exitCode(), store.err());
            String blobId = JSON.readTree(store.out()).get(0).path("newlyCreated").path("blobObject").path("blobId")
                    .asText();

            CliRun status = floe("blob-status", blobId, "--dir", clusterDir, "--json");
            assertEquals(ExitCodes.OK, status.exitCode(), status.err());
            assertEquals("certified", JSON.readTree(status.out()).path("status").asText(), status.out());

            ProcessHandle.of(pids.get(3)).ifPresent(ProcessHandle::destroyForcibly);
            JsonNode degraded = JSON.readTree(awaitHealth(clusterDir, ExitCodes.DEGRADED).out());
            assertTrue(degraded.path("canCertifyWrites").asBoolean(), degraded.toString());
            JsonNode killed = degraded.path("nodes").get(3);
            assertFalse(killed.path("alive").asBoolean(), killed.toString());
            assertFalse(killed.path("nodeApi").asBoolean(), killed.toString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode report = JSON.readTree(floe("health", "--dir", clusterDir, "--json").out());
                assertEquals("Unreachable", report.path("nodes").get(3).path("clusterStatus").asText(),
                        report.toString());
            });

            CliRun stillThere = floe("blob-status", blobId, "--dir", clusterDir);
            assertEquals(ExitCodes.OK, stillThere.exitCode(), stillThere.err());
            assertTrue(stillThere.out().contains("node-4") && stillThere.out().contains("unreachable"),
                    stillThere.out());

            // A cluster with an unreachable member leaves slowly (the split-brain resolver first downs it): kill the
            // rest, and let down clean up after four dead nodes.
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            await().atMost(Duration.ofSeconds(30)).until(() -> pids.stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
            CliRun down = floe("down", "--dir", clusterDir, "--json");
            assertEquals(ExitCodes.OK, down.exitCode(), down.err());
            JsonNode stopped = JSON.readTree(down.out());
            assertEquals(0, stopped.path("stopped").size(), down.out());
            assertEquals(List.of("node-1", "node-2", "node-3", "node-4"),
                    JSON.convertValue(stopped.path("stale"), List.class), down.out());

            CliRun none = floe("health", "--dir", clusterDir);
            assertEquals(ExitCodes.USAGE, none.exitCode(), "cluster.json is gone: " + none.err());
            assertTrue(none.err().contains("floe up"), none.err());
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void nodeWithJsonPrintsItsConfigurationErrorAsJson() throws Exception {
        Path config = Files.writeString(dir.resolve("node.conf"), "floe.shard-count = 2\n");
        CliRun run = floe("node", "--json", "--config", config.toString());
        assertEquals(ExitCodes.CONFIG, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertFalse(lines.isEmpty(), run.err());
        JsonNode error = JSON.readTree(lines.get(lines.size() - 1)).path("error");
        assertEquals("CONFIG", error.path("name").asText(), run.out());
        assertTrue(error.path("message").asText().contains("floe.shard-count"), run.out());
    }

    /** Runs {@code floe health} until it exits with {@code exitCode} (nodes take a while to agree), at most 90 s. */
    private CliRun awaitHealth(String clusterDir, int exitCode) {
        CliRun[] last = new CliRun[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            last[0] = floe("health", "--dir", clusterDir, "--json");
            assertEquals(exitCode, last[0].exitCode(), last[0].out() + last[0].err());
        });
        return last[0];
    }
}
