package io.floe.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.cli.ClusterDirectory.Layout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch changes across real node processes started by {@code floe up}: the node running the epoch coordinator is
 * SIGKILLed in the middle of an epoch change and a new coordinator finishes that very change; a node killed for two
 * epochs catches up through each of them on restart, without an operator.
 */
class EpochChangeIT {
    private static final int NODES = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Node JVM options: a small heap, and the split-brain resolver downs a killed node after 7 s instead of 20 s. */
    private static final String FAST_DOWNING =
            "-Xmx512m -XX:+UseParallelGC -Dpekko.cluster.split-brain-resolver.stable-after=7s";

    @TempDir
    Path dir;

    private Path clusterDir;
    private final List<Process> extraNodes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        extraNodes.forEach(Process::destroyForcibly);
        if (clusterDir == null) {
            return;
        }
        for (int node = 1; node <= NODES; node++) {
            Path pidFile = clusterDir.resolve("node-" + node + "/pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aChangeLeftHalfDoneByAKilledCoordinatorIsFinishedByTheNextOne() throws Exception {
        List<Long> pids = up(Map.of(
                "FLOE_EPOCH_COORDINATOR_COMMIT_DELAY", "6s",
                "FLOE_COMMITTEE_MEMBER_ANNOUNCE_INTERVAL", "2s",
                "FLOE_NODE_JAVA_OPTS", FAST_DOWNING));
        int coordinatorNode = coordinatorNode();
        int asked = coordinatorNode == 2 ? 3 : 2;

        HttpResponse<String> requested = post(nodeApi(asked) + "/v1/admin/epoch-change");
        assertEquals(202, requested.statusCode(), requested.body());
        assertEquals(2, JSON.readTree(requested.body()).path("success").path("data").path("epoch").asLong());
        // Members holding a quorum of shards accepted epoch 2; the coordinator waits 6 s before committing.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> log(coordinatorNode).contains("epoch accepted by a quorum epoch=2"));
        ProcessHandle victim = ProcessHandle.of(pids.get(coordinatorNode - 1)).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get(20, TimeUnit.SECONDS);
        for (int node = 1; node <= NODES; node++) {
            if (node != coordinatorNode) {
                assertEquals(1, committee(node).path("epoch").asLong(), "nothing was committed before the kill");
            }
        }

        List<Integer> survivors = new ArrayList<>();
        for (int node = 1; node <= NODES; node++) {
            if (node != coordinatorNode) {
                survivors.add(node);
            }
        }
        JsonNode agreed = awaitAgreement(survivors, 2, Duration.ofSeconds(150));
        Set<String> members = new HashSet<>();
        agreed.path("members").forEach(member -> members.add(member.path("nodeId").asText()));
        assertTrue(members.contains("node-" + coordinatorNode), "epoch 2 is the proposal accepted before the"
                + " kill, which still lists the killed node: " + agreed);
        assertTrue(survivors.stream().anyMatch(node -> log(node).contains("epoch change started epoch=2")
                && log(node).contains("finishing=true")), "a new coordinator finished the change");
    }

    /** About two minutes on a loaded machine, so only with {@code -Dfloe.long-tests=true}. */
    @Test
    @EnabledIfSystemProperty(named = "floe.long-tests", matches = "true")
    void aNodeRestartedAfterMissingTwoEpochsCatchesUpThroughEachOfThem() throws Exception {
        List<Long> pids = up(Map.of("FLOE_EPOCH_DURATION", "8s", "FLOE_NODE_JAVA_OPTS", FAST_DOWNING));
        int lagging = coordinatorNode() == NODES ? 3 : NODES;
        long before = committee(lagging).path("epoch").asLong();
        ProcessHandle victim = ProcessHandle.of(pids.get(lagging - 1)).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get(20, TimeUnit.SECONDS);
        int other = lagging == 1 ? 2 : 1;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> committee(other).path("epoch").asLong() >= before + 2);
        long missed = committee(other).path("epoch").asLong();

        Process restarted = restart(lagging, Map.of("FLOE_EPOCH_DURATION", "8s"));
        extraNodes.add(restarted);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> committee(lagging).path("epoch").asLong() >= missed);
        List<Long> advanced = advancedEpochs(log(lagging), "node-" + lagging);
        int restartIndex = advanced.lastIndexOf(before);
        assertTrue(restartIndex >= 0, "node-" + lagging + " recovered epoch " + before + ": " + advanced);
        List<Long> afterRestart = advanced.subList(restartIndex, advanced.size());
        for (int i = 1; i < afterRestart.size(); i++) {
            assertEquals(afterRestart.get(i - 1) + 1, afterRestart.get(i), "every epoch in order: " + advanced);
        }
        assertTrue(afterRestart.get(afterRestart.size() - 1) >= missed, advanced.toString());
        restarted.destroyForcibly();
    }

    /** Starts {@code floe up} with extra environment (inherited by the nodes); returns the node pids in order. */
    private List<Long> up(Map<String, String> environment) throws Exception {
        clusterDir = dir.resolve("cluster");
        String jar = System.getProperty("floe.jar");
        if (jar == null) {
            fail("system property floe.jar is not set; run this test with 'mvn verify' (failsafe sets it)");
        }
        Path out = dir.resolve("up.txt");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar, "up", "--nodes",
                Integer.toString(NODES), "--shards", "16", "--dir", clusterDir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        Process up = builder.start();
        if (!up.waitFor(180, TimeUnit.SECONDS)) {
            up.destroyForcibly();
            fail("floe up did not finish in 180 s: " + Files.readString(out));
        }
        assertEquals(ExitCodes.OK, up.exitValue(), Files.readString(out));
        List<Long> pids = new ArrayList<>();
        for (JsonNode node : JSON.readTree(clusterDir.resolve("cluster.json").toFile()).get("nodes")) {
            pids.add(node.get("pid").asLong());
        }
        return pids;
    }

    /** Starts node {@code node} again as {@code floe up} did, on its data directory. */
    private Process restart(int node, Map<String, String> environment) throws IOException {
        Path nodeDir = clusterDir.resolve("node-" + node);
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(List.of(FAST_DOWNING.split(" ")));
        command.addAll(UpCommand.NODE_JVM_FLAGS);
        command.addAll(List.of("-jar", System.getProperty("floe.jar"), "node"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(nodeDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()));
        builder.environment().putAll(UpCommand.environment(nodeDir, new Layout(NODES, 16), node));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The node whose log says it started the coordinator singleton (the oldest node, node 1 in practice). */
    private int coordinatorNode() {
        List<Integer> running = new ArrayList<>();
        for (int node = 1; node <= NODES; node++) {
            if (log(node).contains("epoch coordinator started")) {
                running.add(node);
            }
        }
        assertEquals(1, running.size(), "one coordinator: " + running);
        return running.get(0);
    }

    /** Waits until every node in {@code nodes} answers the same committee of epoch {@code epoch}. */
    private JsonNode awaitAgreement(List<Integer> nodes, long epoch, Duration within) throws Exception {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            JsonNode first = committee(nodes.get(0));
            assertEquals(epoch, first.path("epoch").asLong(), "node-" + nodes.get(0));
            for (int node : nodes) {
                assertEquals(first, committee(node), "node-" + node + " disagrees");
            }
        });
        return committee(nodes.get(0));
    }

    private static List<Long> advancedEpochs(String log, String nodeId) {
        List<Long> epochs = new ArrayList<>();
        Matcher matcher = Pattern.compile("committee view advanced nodeId=" + Pattern.quote(nodeId) + " epoch=(\\d+)")
                .matcher(log);
        while (matcher.find()) {
            epochs.add(Long.parseLong(matcher.group(1)));
        }
        return epochs;
    }

    private static String nodeApi(int node) {
        return "http://" + LoopbackAddresses.host(node) + ":" + ClusterDirectory.NODE_API_PORT;
    }

    private JsonNode committee(int node) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nodeApi(node) + "/v1/committee"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("success").path("data");
    }

    private static HttpResponse<String> post(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String log(int node) {
        try {
            return Files.readString(clusterDir.resolve("node-" + node + "/node.log"));
        } catch (IOException e) {
            return "";
        }
    }
}
