package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe up} and {@code floe down} as a user runs them: four node processes on 127.0.0.11-14. */
class LocalClusterIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private CliRun floe(String... args) throws IOException, InterruptedException {
        return CliRun.ofJar(dir, args);
    }

    private static int get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void upStartsAReadyClusterAndDownStopsItKeepingTheData() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        List<Long> pids = new ArrayList<>();
        try {
            CliRun up = floe("up", "--nodes", "4", "--shards", "16", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, up.exitCode(), up.out() + up.err());
            assertTrue(up.out().contains("publisher: http://" + LoopbackAddresses.host(1) + ":9000"), up.out());

            JsonNode nodes = new ObjectMapper().readTree(clusterDir.resolve("cluster.json").toFile()).get("nodes");
            assertEquals(4, nodes.size(), nodes.toString());
            for (int i = 0; i < 4; i++) {
                JsonNode node = nodes.get(i);
                String host = LoopbackAddresses.host(i + 1);
                pids.add(node.get("pid").asLong());
                assertEquals("node-" + (i + 1), node.get("id").asText());
                assertEquals("http://" + host + ":9000", node.get("publisherUrl").asText());
                assertEquals("http://" + host + ":9100", node.get("nodeApiUrl").asText());
                assertEquals("pekko://floe@" + host + ":25520", node.get("artery").asText());
                assertTrue(ProcessHandle.of(node.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false));
                assertEquals(200, get(node.get("managementUrl").asText() + "/ready"), host + " is not ready");
                assertEquals("http://" + host + ":9100/metrics", node.get("metricsUrl").asText());
                assertEquals(200, get(node.get("metricsUrl").asText()), host + " serves no metrics");
                assertEquals(200, get(node.get("nodeApiUrl").asText() + "/v1/status"), host + " serves no status");
                assertEquals(200, get(node.get("nodeApiUrl").asText() + "/"), host + " serves no status page");
            }

            CliRun again = floe("up", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.CLUSTER, again.exitCode(), "a running cluster is not started twice: " + again.out());
            assertTrue(again.err().contains("already running"), again.err());

            // A node that died is started again by 'up'; the others keep running.
            ProcessHandle fourth = ProcessHandle.of(pids.get(3)).orElseThrow();
            fourth.destroyForcibly();
            fourth.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            CliRun restart = floe("up", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, restart.exitCode(), restart.out() + restart.err());
            assertTrue(restart.out().contains("node-1 already runs as pid " + pids.get(0)), restart.out());
            JsonNode restarted = new ObjectMapper().readTree(clusterDir.resolve("cluster.json").toFile()).get("nodes");
            assertEquals(pids.get(0).longValue(), restarted.get(0).get("pid").asLong());
            long newPid = restarted.get(3).get("pid").asLong();
            assertTrue(newPid != pids.get(3) && ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(200, get(restarted.get(3).get("managementUrl").asText() + "/ready"), "node-4 is not ready");
            pids.set(3, newPid);

            CliRun down = floe("down", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, down.exitCode(), down.out() + down.err());
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
            }
            for (int node = 1; node <= 4; node++) {
                assertFalse(Files.exists(clusterDir.resolve("node-" + node + "/pid")));
                assertTrue(Files.exists(clusterDir.resolve("node-" + node + "/node.key")), "the data stays");
            }
            assertFalse(Files.exists(clusterDir.resolve("cluster.json")));
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            // Nodes up may have started before failing to write cluster.json.
            for (int node = 1; node <= 4; node++) {
                Path pidFile = clusterDir.resolve("node-" + node + "/pid");
                if (Files.exists(pidFile)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
