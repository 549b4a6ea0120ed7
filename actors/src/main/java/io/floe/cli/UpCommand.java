package io.floe.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.floe.cli.ClusterDirectory.ClusterFile;
import io.floe.cli.ClusterDirectory.Layout;
import io.floe.cli.ClusterDirectory.NodeEntry;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.tls.ClusterTlsStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe up}: starts a local cluster of node processes on loopback ({@code 127.0.0.11}, {@code .12}, ...),
 * node 1 as the seed and all nodes as the genesis committee, and waits until every node is ready.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        description = {
            "Starts a local cluster: one node process per loopback address 127.0.0.(10+i), node 1 as the"
                    + " seed, all nodes in the genesis committee; waits until every node's /ready answers, then prints"
                    + " the URLs.",
            "Data and logs go to DIR/node-i/; the same DIR restarts the same cluster. Stop it with 'floe"
                    + " down'.",
            "FLOE_NODE_JAVA_OPTS replaces the nodes' JVM options (default: " + UpCommand.DEFAULT_JAVA_OPTS + ")."
        })
public final class UpCommand extends FloeCommand {
    // The publishing node holds a blob, its expanded matrix and its slivers at once: 2 GiB takes blobs up to about
    // 128 MiB (docs/bench/cluster-bench.md); larger ones need FLOE_NODE_JAVA_OPTS.
    static final String DEFAULT_JAVA_OPTS = "-Xmx2g -XX:+UseParallelGC";
    /**
     * The JVM flags every node gets, whatever {@code FLOE_NODE_JAVA_OPTS} says: native access for LevelDB JNI, and
     * the incubating Vector API for the codec's vector paths ({@code io.floe.protocol.Simd}). The deploy
     * image's entry point passes the same.
     */
    static final List<String> NODE_JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-modules=jdk.incubator.vector");
    static final int DEFAULT_NODES = 4;
    static final int DEFAULT_SHARDS = 100;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Number of nodes, 1 to " + ClusterDirectory.MAX_NODES + " (default: " + DEFAULT_NODES
                    + ", or what DIR was created with).")
    Integer nodes;

    @Option(names = "--shards", paramLabel = "N",
            description = "Number of shards, at least 4 (default: " + DEFAULT_SHARDS
                    + ", or what DIR was created with).")
    Integer shards;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "floe-data",
            description = "Directory of the cluster's data, logs and cluster.json (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--tls",
            description = "Nodes talk over TLS (Artery tls-tcp, mutual authentication) with the stores in DIR/tls,"
                    + " created like 'floe tls create' does when missing.")
    boolean tls;

    @Option(names = "--epoch-duration", paramLabel = "DURATION",
            description = "Length of an epoch, e.g. 20s or 1h (default: the nodes' floe.epoch.duration, 1 h).")
    String epochDuration;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for every node to be ready (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print only, once ready, {dir, shards, nodes: [...]} (cluster.json's"
            + " content) as JSON.")
    boolean json;

    @Override
    protected int run() {
        ClusterDirectory cluster = new ClusterDirectory(dir);
        Optional<String> epochLength = epochDuration();
        try {
            Layout layout = layout(cluster);
            Map<Integer, ProcessHandle> running = runningNodes(cluster, layout);
            cluster.writeLayout(layout);
            Optional<ClusterTlsStores> tlsStores = tls ? Optional.of(tlsStores(cluster, layout)) : Optional.empty();
            List<ProcessHandle> started = new ArrayList<>();
            List<ProcessHandle> all = new ArrayList<>();
            try {
                List<NodeEntry> entries = start(cluster, layout, tlsStores, running, started, all, epochLength);
                cluster.writeClusterFile(new ClusterFile(layout.shards(), entries));
                awaitReady(cluster, entries, all);
                report(cluster, layout, entries);
                return ExitCodes.OK;
            } catch (RuntimeException | IOException e) {
                NodeProcesses.stop(started, Duration.ofSeconds(30));
                for (int node = 1; node <= layout.nodes(); node++) {
                    if (!running.containsKey(node)) {
                        Files.deleteIfExists(cluster.pidFile(node));
                    }
                }
                if (running.isEmpty()) {
                    Files.deleteIfExists(cluster.clusterFile());
                }
                throw e;
            }
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.CLUSTER, "cannot write in " + cluster.root() + ": " + e.getMessage()
                    + "; check --dir and its permissions");
        }
    }

    /** The options, checked against what the directory's data was created with. */
    private Layout layout(ClusterDirectory cluster) throws IOException {
        Optional<Layout> existing = cluster.layout();
        int nodeCount = nodes != null ? nodes : existing.map(Layout::nodes).orElse(DEFAULT_NODES);
        int shardCount = shards != null ? shards : existing.map(Layout::shards).orElse(DEFAULT_SHARDS);
        if (nodeCount < 1 || nodeCount > ClusterDirectory.MAX_NODES) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid --nodes " + nodeCount + "; pass 1 to "
                    + ClusterDirectory.MAX_NODES);
        }
        if (shardCount < EncodingConfig.MIN_SHARDS || shardCount > EncodingConfig.MAX_SHARDS
                || shardCount < nodeCount) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid --shards " + shardCount + "; pass "
                    + EncodingConfig.MIN_SHARDS + " to " + EncodingConfig.MAX_SHARDS + ", and at least one per node");
        }
        Layout layout = new Layout(nodeCount, shardCount);
        if (existing.isPresent() && !existing.get().equals(layout)) {
            throw new CommandFailure(ExitCodes.USAGE, cluster.root() + " holds a cluster of " + existing.get().nodes()
                    + " nodes and " + existing.get().shards() + " shards; start it with those (or no) options, or"
                    + " use another --dir");
        }
        return layout;
    }

    /**
     * The nodes of this directory that run now. All of them: the cluster is already up, which is refused. Some of
     * them: the others are started again (node 1, the only seed, must be among those that run, or it would form a
     * second cluster by itself).
     */
    private static Map<Integer, ProcessHandle> runningNodes(ClusterDirectory cluster, Layout layout)
            throws IOException {
        Map<Integer, ProcessHandle> running = new TreeMap<>();
        for (int node : cluster.nodesWithPidFiles()) {
            OptionalLong pid = cluster.readPid(node);
            if (pid.isPresent() && node <= layout.nodes()) {
                NodeProcesses.floeNode(pid.getAsLong()).ifPresent(process -> running.put(node, process));
            }
        }
        if (running.size() == layout.nodes()) {
            throw new CommandFailure(ExitCodes.CLUSTER, "a cluster is already running in " + cluster.root()
                    + " (node-1 is pid " + running.get(1).pid() + "); stop it with 'floe down --dir "
                    + cluster.root() + "'");
        }
        if (!running.isEmpty() && !running.containsKey(1)) {
            throw new CommandFailure(ExitCodes.CLUSTER, "node-1, the seed, is not running in " + cluster.root()
                    + " while " + running.size() + " other node(s) are; restart the whole cluster: 'floe down --dir "
                    + cluster.root() + "', then 'floe up --dir " + cluster.root() + "'");
        }
        return running;
    }


    /**
     * Starts node 1 (the seed), waits until it is alive, then the others one second apart; nodes in {@code running}
     * are kept as they are. {@code started} gets the processes started here, {@code all} every node's, in order.
     */
    private List<NodeEntry> start(ClusterDirectory cluster, Layout layout, Optional<ClusterTlsStores> tlsStores,
            Map<Integer, ProcessHandle> running, List<ProcessHandle> started, List<ProcessHandle> all,
            Optional<String> epochLength) throws IOException {
        Path jar = ownJar();
        List<NodeEntry> entries = new ArrayList<>();
        for (int node = 1; node <= layout.nodes(); node++) {
            ProcessHandle already = running.get(node);
            if (already != null) {
                all.add(already);
                entries.add(ClusterDirectory.entry(node, already.pid()));
                if (!json) {
                    out().println(ClusterDirectory.nodeId(node) + " already runs as pid " + already.pid());
                }
                continue;
            }
            if (node == 2 && !running.containsKey(1)) {
                awaitAlive(cluster, 1, all.get(0));
            } else if (node > 2) {
                NodeProcesses.pause();
                NodeProcesses.pause();
            }
            Process process = startNode(cluster, layout, tlsStores, jar, node, epochLength);
            started.add(process.toHandle());
            all.add(process.toHandle());
            cluster.writePid(node, process.pid());
            entries.add(ClusterDirectory.entry(node, process.pid()));
            if (!json) {
                out().println("started " + ClusterDirectory.nodeId(node) + " pid " + process.pid() + " on "
                        + ClusterDirectory.host(node));
                out().flush();
            }
        }
        return entries;
    }

    /** {@code --epoch-duration} checked as a HOCON duration (the nodes read it as {@code FLOE_EPOCH_DURATION}). */
    private Optional<String> epochDuration() {
        if (epochDuration == null) {
            return Optional.empty();
        }
        try {
            Duration duration = ConfigFactory.parseMap(Map.of("d", epochDuration)).getDuration("d");
            if (duration.isNegative() || duration.isZero()) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid --epoch-duration " + epochDuration
                        + "; pass a positive duration such as 20s or 1h");
            }
            return Optional.of(epochDuration.strip());
        } catch (ConfigException e) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid --epoch-duration " + epochDuration
                    + "; pass a duration such as 20s or 1h");
        }
    }

    private Process startNode(ClusterDirectory cluster, Layout layout, Optional<ClusterTlsStores> tlsStores, Path jar,
            int node, Optional<String> epochLength) throws IOException {
        Path nodeDir = Files.createDirectories(cluster.nodeDir(node));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = Optional.ofNullable(System.getenv("FLOE_NODE_JAVA_OPTS")).orElse(DEFAULT_JAVA_OPTS);
        for (String option : javaOpts.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(NODE_JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), "node"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(nodeDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.logFile(node).toFile()));
        builder.environment().putAll(environment(nodeDir, layout, node));
        if (tlsStores.isPresent()) {
            builder.environment().putAll(tlsEnvironment(tlsStores.get(), node));
        }
        epochLength.ifPresent(length -> builder.environment().put("FLOE_EPOCH_DURATION", length));
        return builder.start();
    }

    /** The cluster's TLS stores in {@code DIR/tls}: those there are kept, missing ones created. */
    private ClusterTlsStores tlsStores(ClusterDirectory cluster, Layout layout) {
        ClusterTlsStores stores = new ClusterTlsStores(cluster.root().resolve("tls"));
        ClusterTlsStores.Created created = TlsCommand.create(stores, layout.nodes(), Duration.ofDays(3650));
        if (created.newCa() || !created.newNodes().isEmpty()) {
            out().println("created TLS stores in " + stores.dir());
        }
        return stores;
    }

    /** The {@code floe.tls} settings of node {@code node}, as {@code FLOE_TLS_*} variables. */
    static Map<String, String> tlsEnvironment(ClusterTlsStores stores, int node) throws IOException {
        String password = stores.password();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FLOE_TLS_ENABLED", "on");
        environment.put("FLOE_TLS_KEY_STORE", stores.keyStore(ClusterDirectory.nodeId(node)).toString());
        environment.put("FLOE_TLS_KEY_STORE_PASSWORD", password);
        environment.put("FLOE_TLS_TRUST_STORE", stores.trustStore().toString());
        environment.put("FLOE_TLS_TRUST_STORE_PASSWORD", password);
        return environment;
    }

    /** The node's settings, as {@code FLOE_*} variables (see the node's reference.conf). */
    static Map<String, String> environment(Path nodeDir, Layout layout, int node) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FLOE_NODE_ID", ClusterDirectory.nodeId(node));
        environment.put("FLOE_DATA_DIR", nodeDir.toString());
        environment.put("FLOE_HOST", ClusterDirectory.host(node));
        environment.put("FLOE_ARTERY_PORT", Integer.toString(ClusterDirectory.ARTERY_PORT));
        environment.put("FLOE_NODE_API_PORT", Integer.toString(ClusterDirectory.NODE_API_PORT));
        environment.put("FLOE_PUBLISHER_PORT", Integer.toString(ClusterDirectory.PUBLISHER_PORT));
        environment.put("FLOE_MANAGEMENT_PORT", Integer.toString(ClusterDirectory.MANAGEMENT_PORT));
        environment.put("FLOE_SEED_NODES", ClusterDirectory.host(1) + ":" + ClusterDirectory.ARTERY_PORT);
        environment.put("FLOE_SHARD_COUNT", Integer.toString(layout.shards()));
        environment.put("FLOE_INITIAL_MEMBERS", IntStream.rangeClosed(1, layout.nodes())
                .mapToObj(ClusterDirectory::nodeId).collect(Collectors.joining(",")));
        return environment;
    }

    private void awaitAlive(ClusterDirectory cluster, int node, ProcessHandle process) {
        String url = ClusterDirectory.entry(node, process.pid()).managementUrl() + "/alive";
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (!NodeProcesses.answers(url)) {
            checkRunning(cluster, node, process);
            if (System.nanoTime() > deadline) {
                throw notInTime(cluster, node, "alive");
            }
            NodeProcesses.pause();
        }
    }

    private void awaitReady(ClusterDirectory cluster, List<NodeEntry> entries, List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        List<Integer> waiting = new ArrayList<>(IntStream.rangeClosed(1, entries.size()).boxed().toList());
        while (!waiting.isEmpty()) {
            waiting.removeIf(node -> NodeProcesses.answers(entries.get(node - 1).managementUrl() + "/ready"));
            for (int node : waiting) {
                checkRunning(cluster, node, processes.get(node - 1));
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw notInTime(cluster, waiting.get(0), "ready");
            }
            NodeProcesses.pause();
        }
    }

    private static void checkRunning(ClusterDirectory cluster, int node, ProcessHandle process) {
        if (!process.isAlive()) {
            throw new CommandFailure(ExitCodes.CLUSTER, ClusterDirectory.nodeId(node) + " (pid " + process.pid()
                    + ") exited; see " + cluster.logFile(node) + ", which ends with:" + System.lineSeparator()
                    + NodeProcesses.tail(cluster.logFile(node), 15));
        }
    }

    private CommandFailure notInTime(ClusterDirectory cluster, int node, String state) {
        return new CommandFailure(ExitCodes.CLUSTER, ClusterDirectory.nodeId(node) + " was not " + state + " after "
                + timeoutSeconds + " s; stopped the cluster; see " + cluster.logFile(node)
                + " (or raise --timeout on a busy machine)");
    }

    private void report(ClusterDirectory cluster, Layout layout, List<NodeEntry> entries) {
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode ready = CliJson.object();
            ready.put("dir", cluster.root().toString());
            ready.put("shards", layout.shards());
            ready.set("nodes", CliJson.mapper().valueToTree(entries));
            CliJson.print(out(), ready);
            return;
        }
        out().println("cluster of " + layout.nodes() + " nodes and " + layout.shards() + " shards is ready in "
                + cluster.root());
        out().println("publisher: " + entries.get(0).publisherUrl() + " (every node runs one; see "
                + cluster.clusterFile() + ")");
        for (NodeEntry entry : entries) {
            out().println(entry.id() + "  pid " + entry.pid() + "  node API " + entry.nodeApiUrl() + "  management "
                    + entry.managementUrl());
        }
        out().println("status page: " + entries.get(0).nodeApiUrl() + "/ (any node's node API; metrics at "
                + "<node API>/metrics)");
        out().println("stop it with: floe down --dir " + cluster.root());
    }

    /** The floe.jar this command runs from: nodes run the same jar. */
    private static Path ownJar() {
        try {
            Path location = Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new CommandFailure(ExitCodes.FAILURE, "floe up starts nodes from floe.jar, but runs from "
                        + location + "; run it as ./floe up or java -jar actors/target/floe.jar up");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot locate floe.jar: " + e.getMessage(), e));
        }
    }
}
