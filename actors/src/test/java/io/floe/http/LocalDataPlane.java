package io.floe.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.floe.node.StaticCommitteeView;
import io.floe.persistence.leveldb.LevelDbNodeStorage;
import io.floe.persistence.leveldb.LevelDbSettings;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.NodeKeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * N storage nodes in this JVM, each one plain Pekko actor system (no cluster) with its own LevelDB storage, a static
 * view of the committees (genesis, then whatever {@link #advance} sets), and the node and publisher APIs bound on
 * 127.0.0.1 ephemeral ports. Nodes can be stopped and restarted on the same data directory and ports; a restarted
 * node learns every committee set meanwhile, as a node that missed epochs would.
 */
public final class LocalDataPlane implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalDataPlane.class);
    /** The genesis committee's epoch. */
    public static final long EPOCH = 1;
    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path baseDirectory;
    private final DataPlaneSettings settings;
    private final LifecycleSettings lifecycle;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Committee> committees = new ArrayList<>();
    private Committee committee;
    private long epochChangeDone;

    /** One node: identity and ports stay; the actor system, storage and data plane come and go with stop/restart. */
    public final class Node {
        private final String nodeId;
        private final NodeKeyPair keys;
        private final Path dataDirectory;
        private int nodeApiPort;
        private int publisherPort;
        private ActorSystem<Void> system;
        private LevelDbNodeStorage storage;
        private StaticCommitteeView view;
        private DataPlane dataPlane;
        private DataPlane.Bindings bindings;

        Node(int index) {
            this.nodeId = "node-" + index;
            this.keys = NodeKeyPair.generate();
            this.dataDirectory = baseDirectory.resolve(nodeId);
        }

        public String nodeId() {
            return nodeId;
        }

        public Path dataDirectory() {
            return dataDirectory;
        }

        /** The LevelDB directory of this node. */
        public Path storageDirectory() {
            return dataDirectory.resolve("storage");
        }

        public String nodeApiUrl() {
            return "http://" + HOST + ":" + nodeApiPort;
        }

        public String publisherUrl() {
            return "http://" + HOST + ":" + publisherPort;
        }

        public boolean running() {
            return system != null;
        }

        public DataPlane dataPlane() {
            return dataPlane;
        }

        public LevelDbNodeStorage storage() {
            return storage;
        }

        /** The shards this node owns in the current committee (none if it left it). */
        public List<Integer> shards() {
            return committee.memberById(nodeId).map(CommitteeMember::shards).orElse(List.of());
        }

        /** This node's committee view (a new one after each restart). */
        public StaticCommitteeView view() {
            return view;
        }

        public NodeKeyPair keys() {
            return keys;
        }

        void start() {
            Config config = ConfigFactory.parseString(String.join("\n",
                    "pekko.loglevel = WARNING",
                    "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                    "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                    "pekko.coordinated-shutdown.exit-jvm = off",
                    "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                    "pekko.http.server.parsing.illegal-header-warnings = off"))
                    .withFallback(ConfigFactory.load());
            system = ActorSystem.create(Behaviors.empty(), "floe-" + nodeId, config);
            try {
                storage = LevelDbNodeStorage.open(LevelDbSettings.defaults(storageDirectory())
                        .withSyncSlivers(false).withSyncMetadata(false).withWriteBufferBytes(4 << 20));
                view = new StaticCommitteeView(nodeId, keys);
                committees.forEach(view::setCommittee);
                if (epochChangeDone > 0) {
                    view.markEpochChangeDone(epochChangeDone);
                }
                dataPlane = new DataPlane(system, storage, view, settings, lifecycle, dataDirectory);
                bindings = dataPlane.bind(system, HOST, nodeApiPort, publisherPort).toCompletableFuture()
                        .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                nodeApiPort = bindings.nodeApi().localAddress().getPort();
                publisherPort = bindings.publisher().localAddress().getPort();
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                stop();
                throw new IllegalStateException("cannot start " + nodeId + ": " + e, e);
            }
        }

        /** Terminates the actor system (its coordinated shutdown unbinds both servers), then the rest. */
        void stop() {
            bindings = null;
            long started = System.nanoTime();
            try {
                if (system != null) {
                    system.terminate();
                    system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("actor system of " + nodeId + " did not stop: " + e, e);
            } finally {
                system = null;
                if (dataPlane != null) {
                    dataPlane.close();
                    dataPlane = null;
                }
                if (storage != null) {
                    storage.close();
                    storage = null;
                }
                log.info("node stopped node={} ms={}", nodeId, (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    private LocalDataPlane(Path baseDirectory, DataPlaneSettings settings, LifecycleSettings lifecycle) {
        this.baseDirectory = baseDirectory;
        this.settings = settings;
        this.lifecycle = lifecycle;
    }

    /** Test lifecycle settings: the defaults of reference.conf with an anti-entropy round every second. */
    public static LifecycleSettings testLifecycle() {
        return LifecycleSettings.fromConfig(ConfigFactory.load()).withAntiEntropyInterval(Duration.ofSeconds(1));
    }

    /** Test settings: the defaults of reference.conf with short recovery backoffs. */
    public static DataPlaneSettings testSettings() {
        DataPlaneSettings defaults = DataPlaneSettings.fromConfig(ConfigFactory.load());
        return new DataPlaneSettings(defaults.maxBlobSize(), defaults.uploadMemoryThreshold(),
                defaults.uploadMemoryBudget(),
                Duration.ofSeconds(2), Duration.ofSeconds(60), defaults.publisherSliverConcurrency(),
                defaults.nodeApiRequestTimeout(), defaults.publisherRequestTimeout(),
                new io.floe.client.RecoverySettings(2, 20, Duration.ofMillis(100), Duration.ofSeconds(1)),
                new io.floe.client.ShardSyncSettings(16, 16L << 20, 3, Duration.ofMillis(200), 3));
    }

    /** Starts {@code nodeCount} nodes over {@code shards} shards (genesis spread) under {@code baseDirectory}. */
    public static LocalDataPlane start(Path baseDirectory, int nodeCount, int shards) {
        return start(baseDirectory, nodeCount, shards, testSettings());
    }

    public static LocalDataPlane start(Path baseDirectory, int nodeCount, int shards, DataPlaneSettings settings) {
        return start(baseDirectory, nodeCount, shards, settings, testLifecycle());
    }

    public static LocalDataPlane start(Path baseDirectory, int nodeCount, int shards, DataPlaneSettings settings,
            LifecycleSettings lifecycle) {
        LocalDataPlane plane = new LocalDataPlane(baseDirectory, settings, lifecycle);
        try {
            for (int i = 0; i < nodeCount; i++) {
                Node node = plane.new Node(i);
                plane.nodes.add(node);
                node.start();
            }
            List<String> ids = plane.nodes.stream().map(Node::nodeId).toList();
            ShardAssignment assignment = ShardAssignment.genesis(shards, ids);
            List<CommitteeMember> members = new ArrayList<>();
            for (Node node : plane.nodes) {
                members.add(new CommitteeMember(node.nodeId, node.keys.publicKey(), node.nodeApiUrl(),
                        assignment.shardsOf(node.nodeId)));
            }
            plane.committee = new Committee(EPOCH, members);
            plane.committees.add(plane.committee);
            for (Node node : plane.nodes) {
                node.view.setCommittee(plane.committee);
                node.dataPlane.start();
            }
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    public Committee committee() {
        return committee;
    }

    /**
     * Moves every running node's view to {@code epoch} (same members and shards), as an epoch change would; stopped
     * nodes get it when they restart.
     */
    public void advanceTo(long epoch) {
        committee = new Committee(epoch, committee.members());
        for (Node node : nodes) {
            if (node.running()) {
                node.view.setCommittee(committee);
            }
        }
    }

    /** The view of a running node, to advance it alone. */
    public StaticCommitteeView view(int index) {
        return nodes.get(index).view;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    /**
     * The committee after the current one in which each node named in {@code shardsByNode} owns exactly those shards
     * (every shard once); nodes not named, or with no shards, are not members. Keys and URLs stay the nodes' own.
     */
    public Committee nextCommittee(java.util.Map<String, List<Integer>> shardsByNode) {
        List<CommitteeMember> members = new ArrayList<>();
        for (Node node : nodes) {
            List<Integer> shards = shardsByNode.getOrDefault(node.nodeId, List.of());
            if (!shards.isEmpty()) {
                members.add(new CommitteeMember(node.nodeId, node.keys.publicKey(), node.nodeApiUrl(),
                        shards.stream().sorted().toList()));
            }
        }
        return new Committee(committee.epoch() + 1, members);
    }

    /**
     * The next committee with shards {@code moved} taken from their owners and given to node {@code to}: a node left
     * without shards leaves the committee.
     */
    public Committee moveShards(List<Integer> moved, int to) {
        java.util.Map<String, List<Integer>> shardsByNode = new java.util.LinkedHashMap<>();
        for (Node node : nodes) {
            List<Integer> shards = new ArrayList<>(node.shards());
            shards.removeAll(moved);
            if (node == nodes.get(to)) {
                shards.addAll(moved);
            }
            shardsByNode.put(node.nodeId, shards);
        }
        return nextCommittee(shardsByNode);
    }

    /**
     * Moves every running node's view to {@code next}, a later committee, as an epoch change does; stopped nodes see
     * it when they restart.
     */
    public void advance(Committee next) {
        if (next.epoch() <= committee.epoch()) {
            throw new IllegalArgumentException("committee of epoch " + next.epoch() + " is not after epoch "
                    + committee.epoch());
        }
        committee = next;
        committees.add(next);
        for (Node node : nodes) {
            if (node.running()) {
                node.view.setCommittee(next);
            }
        }
    }

    /** Declares the change to {@code epoch} done on every running node (and on nodes when they restart). */
    public void markEpochChangeDone(long epoch) {
        epochChangeDone = Math.max(epochChangeDone, epoch);
        for (Node node : nodes) {
            if (node.running()) {
                node.view.markEpochChangeDone(epoch);
            }
        }
    }

    /** Unbinds the node's servers, stops its actor system and closes its storage. */
    public void stop(int index) {
        nodes.get(index).stop();
    }

    /** Starts a stopped node again on the same data directory, keys and ports; it scans for blobs to repair. */
    public void restart(int index) {
        restart(index, plane -> { });
    }

    /** {@link #restart(int)}, calling {@code beforeStart} with the new data plane before its workers start. */
    public void restart(int index, java.util.function.Consumer<DataPlane> beforeStart) {
        Node node = nodes.get(index);
        if (node.running()) {
            throw new IllegalStateException(node.nodeId + " is running");
        }
        node.start();
        beforeStart.accept(node.dataPlane);
        node.dataPlane.start();
    }

    /** Stops every running node; failures to stop one do not keep the others running. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Node node : nodes) {
            try {
                if (node.running()) {
                    node.stop();
                }
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
