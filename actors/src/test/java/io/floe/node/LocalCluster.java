package io.floe.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * An in-JVM cluster of storage nodes for tests (in the spirit of Ratis' MiniRaftCluster): node {@code i} is an
 * actor system bound to {@code 127.0.0.(10+i)} with its own ports and data directory under {@code root}; node 1 is
 * the only seed. Nodes can be stopped (leave), killed (vanish without leaving) and started again on the same data.
 * Messages are serialized even between local actors, to prove that everything that crosses the network can.
 */
final class LocalCluster implements AutoCloseable {
    private static final int BASE_PORT = 27000;
    private static final Duration TERMINATION = Duration.ofSeconds(30);

    private final Path root;
    private final int nodes;
    private final int shards;
    private final DataPlane dataPlane;
    private final Map<Integer, ActorSystem<Void>> running = new HashMap<>();
    private final Map<Integer, Config> nodeSettings = new HashMap<>();
    private final Map<String, Object> extraSettings = new HashMap<>();
    private int initialMembers;

    LocalCluster(Path root, int nodes, int shards) {
        this(root, nodes, shards, DataPlane.NONE);
    }

    /** A cluster whose nodes also run {@code dataPlane} (e.g. the real HTTP node API and publisher). */
    LocalCluster(Path root, int nodes, int shards, DataPlane dataPlane) {
        this.root = root;
        this.nodes = nodes;
        this.shards = shards;
        this.dataPlane = dataPlane;
        this.initialMembers = nodes;
    }

    /** Only nodes 1..{@code count} form the genesis committee; the others join later epochs. */
    LocalCluster withInitialMembers(int count) {
        this.initialMembers = count;
        return this;
    }

    /** Further settings of every node, e.g. {@code floe.epoch.duration}. */
    LocalCluster with(String key, Object value) {
        extraSettings.put(key, value);
        return this;
    }

    static String nodeId(int node) {
        return "node-" + node;
    }

    static String host(int node) {
        return io.floe.cli.LoopbackAddresses.host(node);
    }

    private static int port(int node, int role) {
        return BASE_PORT + role * 100 + node;
    }

    /** Node {@code node}'s node API, e.g. {@code http://127.0.0.11:27101}. */
    static String nodeApiUrl(int node) {
        return "http://" + host(node) + ":" + port(node, 1);
    }

    /** Node {@code node}'s publisher and aggregator API. */
    static String publisherUrl(int node) {
        return "http://" + host(node) + ":" + port(node, 2);
    }

    /** Node {@code node}'s Pekko Management ({@code /alive}, {@code /ready}), once started by the test. */
    static String managementUrl(int node) {
        return "http://" + host(node) + ":" + port(node, 3);
    }

    int size() {
        return nodes;
    }

    Path dataDir(int node) {
        return root.resolve(nodeId(node));
    }

    /** Settings node {@code node} gets on top of the cluster's own (e.g. {@code floe.tls.*}) from its next start. */
    LocalCluster configure(int node, Config settings) {
        nodeSettings.put(node, settings);
        return this;
    }

    Config overrides(int node) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("floe.node-id", nodeId(node));
        settings.put("floe.data-dir", dataDir(node).toString());
        settings.put("floe.host", host(node));
        settings.put("floe.artery-port", port(node, 0));
        settings.put("floe.node-api-port", port(node, 1));
        settings.put("floe.publisher-port", port(node, 2));
        settings.put("floe.management-port", port(node, 3));
        settings.put("floe.seed-nodes", host(1) + ":" + port(1, 0));
        settings.put("floe.shard-count", shards);
        settings.put("floe.initial-members", IntStream.rangeClosed(1, initialMembers).mapToObj(LocalCluster::nodeId)
                .collect(Collectors.joining(",")));
        settings.put("floe.committee.announce-interval", "300 ms");
        settings.put("floe.committee.member-announce-interval", "2 s");
        settings.put("floe.epoch-coordinator.tick-interval", "300 ms");
        settings.put("floe.anti-entropy.interval", "2 s");
        settings.put("pekko.actor.serialize-messages", "on");
        // terminate() is a kill: the node vanishes without leaving; stop() leaves first.
        settings.put("pekko.coordinated-shutdown.run-by-actor-system-terminate", "off");
        settings.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        settings.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
        settings.putAll(extraSettings);
        return nodeSettings.getOrDefault(node, ConfigFactory.empty()).withFallback(ConfigFactory.parseMap(settings));
    }

    /** Starts node 1 (the seed), then the others. */
    LocalCluster startAll() {
        for (int node = 1; node <= nodes; node++) {
            start(node);
        }
        return this;
    }

    /** Starts node {@code node} on its data directory. */
    ActorSystem<Void> start(int node) {
        if (running.containsKey(node)) {
            throw new IllegalStateException(nodeId(node) + " is running");
        }
        ActorSystem<Void> system = NodeMain.start(NodeConfig.load(overrides(node)), dataPlane);
        running.put(node, system);
        return system;
    }

    /** Node {@code node}'s actor system. */
    ActorSystem<Void> system(int node) {
        ActorSystem<Void> system = running.get(node);
        if (system == null) {
            throw new IllegalStateException(nodeId(node) + " is not running");
        }
        return system;
    }

    NodeRuntime runtime(int node) {
        return NodeRuntime.get(system(node));
    }

    /** Leaves the cluster, then terminates. */
    void stop(int node) {
        ActorSystem<Void> system = system(node);
        CoordinatedShutdown.get(system).run(CoordinatedShutdown.unknownReason());
        awaitTermination(node, system);
    }

    /** Terminates without leaving, as a crash would (the others see it unreachable). */
    void kill(int node) {
        ActorSystem<Void> system = system(node);
        system.terminate();
        awaitTermination(node, system);
    }

    /** Kills node {@code node} and starts it again on the same data directory and address. */
    ActorSystem<Void> restart(int node) {
        kill(node);
        return start(node);
    }

    private void awaitTermination(int node, ActorSystem<Void> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(nodeId(node) + " did not terminate within " + TERMINATION, e);
        } finally {
            running.remove(node);
        }
    }

    @Override
    public void close() {
        for (int node : running.keySet().stream().sorted().toList()) {
            kill(node);
        }
    }
}
