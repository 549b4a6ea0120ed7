package io.floe.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A test fixture: a cluster of real node processes started by {@code floe up} (the shaded jar that failsafe names in
 * {@code floe.jar}), with nodes that can be SIGKILLed, extra nodes that join later, and the node API calls the fault
 * scenarios need. {@link #close()} kills every process it knows of, including any a node's pid file names.
 */
final class ProcessCluster implements AutoCloseable {
    /** Node JVM options: a small heap, and the split-brain resolver downs a killed node after 7 s instead of 20 s. */
    static final String FAST_DOWNING =
            "-Xmx512m -XX:+UseParallelGC -Dpekko.cluster.split-brain-resolver.stable-after=7s";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path clusterDir;
    private final int nodes;
    private final int shards;
    private final Map<Integer, Long> pids = new LinkedHashMap<>();
    private final List<Process> extraNodes = new ArrayList<>();
    private final Set<Integer> killed = new HashSet<>();

    private ProcessCluster(Path clusterDir, int nodes, int shards) {
        this.clusterDir = clusterDir;
        this.nodes = nodes;
        this.shards = shards;
    }

    /**
     * Runs {@code floe up --nodes N --shards S} in {@code dir/cluster} with extra environment (inherited by the nodes,
     * e.g. {@code FLOE_EPOCH_DOWN_AFTER}, {@code FLOE_NODE_JAVA_OPTS}); the returned cluster is ready. If
     * {@code floe up} fails, whatever it started is killed before the test fails.
     */
    static ProcessCluster up(Path dir, int nodes, int shards, Map<String, String> environment, String... upArgs)
            throws Exception {
        ProcessCluster cluster = new ProcessCluster(dir.resolve("cluster"), nodes, shards);
        try {
            String jar = System.getProperty("floe.jar");
            if (jar == null) {
                fail("system property floe.jar is not set; run this test with 'mvn verify' (failsafe sets it)");
            }
            Path out = dir.resolve("up.txt");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar, "up", "--nodes",
                    Integer.toString(nodes), "--shards", Integer.toString(shards), "--dir",
                    cluster.clusterDir.toString()));
            command.addAll(List.of(upArgs));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(environment);
            Process up = builder.start();
            if (!up.waitFor(240, TimeUnit.SECONDS)) {
                up.destroyForcibly();
                fail("floe up did not finish in 240 s: " + Files.readString(out));
            }
            assertEquals(ExitCodes.OK, up.exitValue(), Files.readString(out));
            int node = 1;
            for (JsonNode entry : JSON.readTree(cluster.clusterDir.resolve("cluster.json").toFile()).get("nodes")) {
                cluster.pids.put(node++, entry.get("pid").asLong());
            }
            assertEquals(nodes, cluster.pids.size(), "cluster.json lists every node");
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    int nodes() {
        return nodes;
    }

    int shards() {
        return shards;
    }

    /** The byzantine faults the shards tolerate, {@code f = (n - 1) / 3}. */
    int faulty() {
        return (shards - 1) / 3;
    }

    static String publisher(int node) {
        return "http://" + LoopbackAddresses.host(node) + ":" + ClusterDirectory.PUBLISHER_PORT;
    }

    static String nodeApi(int node) {
        return "http://" + LoopbackAddresses.host(node) + ":" + ClusterDirectory.NODE_API_PORT;
    }

    /** SIGKILLs node {@code node} and waits until it exited; it is never restarted by this fixture. */
    void kill(int node) throws Exception {
        ProcessHandle victim = ProcessHandle.of(pids.get(node)).orElseThrow(
                () -> new AssertionError("node-" + node + " is not running"));
        victim.destroyForcibly();
        victim.onExit().get(20, TimeUnit.SECONDS);
        killed.add(node);
    }

    /** The nodes started and not killed, in order. */
    List<Integer> running() {
        return pids.keySet().stream().filter(node -> !killed.contains(node)).toList();
    }

    /**
     * Starts node {@code node} (above {@link #nodes()}) as {@code floe up} starts its nodes: its own loopback address,
     * the same seed and shard count, the initial members of the original cluster (so not itself), and
     * {@link #FAST_DOWNING}; its log is {@code cluster/node-<node>/node.log}.
     */
    void startNode(int node, Map<String, String> environment) throws IOException {
        Path nodeDir = Files.createDirectories(clusterDir.resolve("node-" + node));
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(List.of(FAST_DOWNING.split(" ")));
        command.addAll(UpCommand.NODE_JVM_FLAGS);
        command.addAll(List.of("-jar", System.getProperty("floe.jar"), "node"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(nodeDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()));
        builder.environment().putAll(UpCommand.environment(nodeDir, new Layout(nodes, shards), node));
        builder.environment().putAll(environment);
        Process process = builder.start();
        extraNodes.add(process);
        pids.put(node, process.pid());
    }

    /** GET {@code url}; the {@code success.data} of a node API answer, or the whole JSON body otherwise. */
    static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        JsonNode body = JSON.readTree(response.body());
        return body.has("success") ? body.path("success").path("data") : body;
    }

    /** The committee that node {@code node} knows ({@code GET /v1/committee}). */
    static JsonNode committee(int node) throws IOException, InterruptedException {
        return getJson(nodeApi(node) + "/v1/committee");
    }

    /** The shard records of node {@code node} ({@code GET /v1/shards}). */
    static JsonNode shards(int node) throws IOException, InterruptedException {
        return getJson(nodeApi(node) + "/v1/shards");
    }

    /** The node IDs of a committee, in order. */
    static List<String> memberIds(JsonNode committee) {
        List<String> ids = new ArrayList<>();
        committee.path("members").forEach(member -> ids.add(member.path("nodeId").asText()));
        return ids;
    }

    /** The shards a committee gives node {@code nodeId}. */
    static Set<Integer> shardsOf(JsonNode committee, String nodeId) {
        Set<Integer> owned = new HashSet<>();
        committee.path("members").forEach(member -> {
            if (member.path("nodeId").asText().equals(nodeId)) {
                member.path("shards").forEach(shard -> owned.add(shard.asInt()));
            }
        });
        return owned;
    }

    /**
     * Asks node {@code node} for the next epoch ({@code POST /v1/admin/epoch-change}), retrying while the coordinator
     * is not ready (503) for up to 60 s; returns the epoch being prepared.
     */
    static long requestEpochChange(int node) throws Exception {
        long[] epoch = new long[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(nodeApi(node) + "/v1/admin/epoch-change")).timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(202, response.statusCode(), response.body());
                    epoch[0] = JSON.readTree(response.body()).path("success").path("data").path("epoch").asLong();
                });
        return epoch[0];
    }

    /** Waits until every node in {@code nodes} knows a committee of at least epoch {@code epoch}; returns node 1's. */
    static JsonNode awaitEpoch(List<Integer> nodes, long epoch, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            for (int node : nodes) {
                long known = committee(node).path("epoch").asLong();
                if (known < epoch) {
                    throw new AssertionError("node-" + node + " is in epoch " + known + ", waiting for " + epoch);
                }
            }
        });
        try {
            return committee(nodes.get(0));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** What node {@code node} wrote to its log so far ("" if nothing). */
    String log(int node) {
        try {
            return Files.readString(clusterDir.resolve("node-" + node + "/node.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills every node process this cluster started (also those named only by a pid file). */
    @Override
    public void close() {
        extraNodes.forEach(Process::destroyForcibly);
        pids.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        for (int node = 1; node <= LoopbackAddresses.MAX_NODES; node++) {
            Path pidFile = clusterDir.resolve("node-" + node + "/pid");
            if (!Files.exists(pidFile)) {
                continue;
            }
            try {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
                // a pid file half written or gone: nothing to kill
            }
        }
        for (long pid : pids.values()) {
            ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(20, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join());
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
