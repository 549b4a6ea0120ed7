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
 * view of one genesis committee, and the node and publisher APIs bound on 127.0.0.1 ephemeral ports. Nodes can be
 * stopped and restarted on the same data directory and ports.
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
    private Committee committee;

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

        public List<Integer> shards() {
            return committee.memberById(nodeId).orElseThrow().shards();
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
                if (committee != null) {
                    view.setCommittee(committee);
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
                Duration.ofSeconds(2), Duration.ofSeconds(60), defaults.publisherSliverConcurrency(),
                defaults.nodeApiRequestTimeout(), defaults.publisherRequestTimeout(),
                new io.floe.client.RecoverySettings(2, 20, Duration.ofMillis(100), Duration.ofSeconds(1)));
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

    /** Unbinds the node's servers, stops its actor system and closes its storage. */
    public void stop(int index) {
        nodes.get(index).stop();
    }

    /** Starts a stopped node again on the same data directory, keys and ports; it scans for blobs to repair. */
    public void restart(int index) {
        Node node = nodes.get(index);
        if (node.running()) {
            throw new IllegalStateException(node.nodeId + " is running");
        }
        node.start();
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
