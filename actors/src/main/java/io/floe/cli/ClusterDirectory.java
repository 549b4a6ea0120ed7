package io.floe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The directory of a local cluster started by {@code floe up}: {@code node-i/} per node (data, {@code node.log},
 * {@code pid}), {@code layout.json} (node and shard counts the data was created with, kept across runs) and
 * {@code cluster.json} (the running nodes and their URLs, removed by {@code floe down}). Node {@code i} binds
 * {@code 127.0.0.(10+i)} with the same ports for every node; the environment variable {@code FLOE_LOOPBACK_BASE}
 * moves the whole cluster (e.g. {@code 40} gives 127.0.0.41, .42, ...), so that two local clusters can run side by side.
 */
final class ClusterDirectory {
    static final int MAX_NODES = LoopbackAddresses.MAX_NODES;
    static final int ARTERY_PORT = 25520;
    static final int NODE_API_PORT = 9100;
    static final int PUBLISHER_PORT = 9000;
    static final int MANAGEMENT_PORT = 8558;

    /** Jackson is created on first use: picocli instantiates every command at start, and a mapper costs ~0.1 s. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The node and shard counts a cluster directory was created with. */
    record Layout(int nodes, int shards) {
    }

    /**
     * One running node as {@code cluster.json} lists it; {@code /v1/status}, {@code /v1/cluster} and the status page
     * are on {@code nodeApiUrl}, Prometheus metrics at {@code metricsUrl}.
     */
    record NodeEntry(String id, long pid, String publisherUrl, String nodeApiUrl, String managementUrl,
            String metricsUrl, String artery) {
    }

    /** The content of {@code cluster.json}. */
    record ClusterFile(int shards, List<NodeEntry> nodes) {
    }

    private final Path root;

    ClusterDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    static String nodeId(int node) {
        return "node-" + node;
    }

    static String host(int node) {
        return LoopbackAddresses.host(node);
    }

    static NodeEntry entry(int node, long pid) {
        String host = host(node);
        String nodeApiUrl = "http://" + host + ":" + NODE_API_PORT;
        return new NodeEntry(nodeId(node), pid, "http://" + host + ":" + PUBLISHER_PORT, nodeApiUrl,
                "http://" + host + ":" + MANAGEMENT_PORT, nodeApiUrl + "/metrics",
                "pekko://floe@" + host + ":" + ARTERY_PORT);
    }

    Path nodeDir(int node) {
        return root.resolve(nodeId(node));
    }

    Path logFile(int node) {
        return nodeDir(node).resolve("node.log");
    }

    Path pidFile(int node) {
        return nodeDir(node).resolve("pid");
    }

    Path clusterFile() {
        return root.resolve("cluster.json");
    }

    Path layoutFile() {
        return root.resolve("layout.json");
    }

    Optional<Layout> layout() throws IOException {
        return Files.exists(layoutFile()) ? Optional.of(Json.MAPPER.readValue(layoutFile().toFile(), Layout.class))
                : Optional.empty();
    }

    void writeLayout(Layout layout) throws IOException {
        Files.createDirectories(root);
        Json.MAPPER.writeValue(layoutFile().toFile(), layout);
    }

    void writeClusterFile(ClusterFile cluster) throws IOException {
        Path temporary = root.resolve("cluster.json.tmp");
        Json.MAPPER.writeValue(temporary.toFile(), cluster);
        Files.move(temporary, clusterFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The node numbers that have a pid file, ascending. */
    List<Integer> nodesWithPidFiles() throws IOException {
        List<Integer> nodes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return nodes;
        }
        for (int node = 1; node <= MAX_NODES; node++) {
            if (Files.exists(pidFile(node))) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    void writePid(int node, long pid) throws IOException {
        Files.writeString(pidFile(node), pid + "\n");
    }

    /** The pid in node {@code node}'s pid file, or empty if the file is missing or garbled. */
    OptionalLong readPid(int node) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile(node)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
