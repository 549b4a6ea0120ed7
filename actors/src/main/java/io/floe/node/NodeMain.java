package io.floe.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.floe.persistence.leveldb.LevelDbNativeLibrary;
import io.floe.settings.NodeSettings;
import io.floe.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a storage node: builds its configuration, creates its data directories, starts the actor system with the
 * {@link Guardian} and Pekko Management, and waits until the system terminates.
 */
public final class NodeMain {
    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);

    /** The data plane of {@code floe node}: the node API and the publisher/aggregator over HTTP. */
    static final DataPlane DATA_PLANE = new io.floe.http.NodeDataPlane();

    private NodeMain() {
    }

    /**
     * {@code floe node}: runs a node configured by the environment ({@code FLOE_*}), optionally overridden by a HOCON
     * file; returns the exit status (see {@link #run(Config, DataPlane)}).
     */
    public static int run(Optional<Path> configFile) {
        Config overrides;
        try {
            overrides = configFile.map(file -> ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false))).orElse(ConfigFactory.empty());
        } catch (ConfigException e) {
            throw new SettingsException("cannot read " + configFile.orElseThrow() + ": " + e.getMessage(), e);
        }
        return run(overrides, DATA_PLANE);
    }

    /** How many times a downed node starts a new incarnation in the same process before it gives up. */
    static final int MAX_REJOINS = 1000;
    /** The pause before a downed node starts its new incarnation (ports and the journal lock are released). */
    static final Duration REJOIN_DELAY = Duration.ofSeconds(5);

    /**
     * Runs a node until its actor system terminates and returns the process' exit status: 0 after a requested
     * shutdown (SIGTERM, leaving), 1 when the node stopped for another reason (failed to start). A node that the
     * cluster downed (the split-brain resolver after a partition, or an operator) does not exit: it starts a new
     * incarnation of its actor system in the same process, on the same address and data, which recovers its
     * committee from its journal and joins again through the seed nodes once it can reach them; its data plane
     * then catches up on what it missed (anti-entropy and repair).
     */
    public static int run(Config overrides, DataPlane dataPlane) {
        NodeConfig.Loaded loaded = NodeConfig.load(overrides);
        for (int incarnation = 1; ; incarnation++) {
            ActorSystem<Void> system = start(loaded, dataPlane);
            PekkoManagement.get(system).start().whenComplete((uri, failure) -> {
                if (failure != null) {
                    log.error("pekko management did not start port={}; stopping the node",
                            loaded.settings().network().managementPort(), failure);
                    system.terminate();
                } else {
                    log.info("pekko management listening url={}", uri);
                }
            });
            if (!awaitTermination(system, TERMINATION_WARNING, TERMINATION_LIMIT)) {
                log.error("node did not stop cleanly nodeId={} incarnation={}; exiting so that its supervisor (docker's "
                        + "restart policy, or floe up) can start it again", loaded.settings().nodeId(), incarnation);
                return 1;
            }
            Object reason = CoordinatedShutdown.get(system).getShutdownReason().orElse(null);
            boolean requested = reason == CoordinatedShutdown.jvmExitReason()
                    || reason == CoordinatedShutdown.clusterLeavingReason();
            log.info("node terminated nodeId={} reason={} incarnation={}", loaded.settings().nodeId(), reason,
                    incarnation);
            if (reason != CoordinatedShutdown.clusterDowningReason() || incarnation > MAX_REJOINS) {
                return requested ? 0 : 1;
            }
            log.warn("node was downed by the cluster; rejoining in-process nodeId={} incarnation={} delay={}",
                    loaded.settings().nodeId(), incarnation + 1, REJOIN_DELAY);
            try {
                Thread.sleep(REJOIN_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** How long a shutting-down actor system may take to terminate before the node logs its threads. */
    static final Duration TERMINATION_WARNING = Duration.ofSeconds(20);
    /** How long a shutting-down actor system may take to terminate before the node gives up on it and exits. */
    static final Duration TERMINATION_LIMIT = Duration.ofSeconds(60);

    /**
     * Waits until {@code system} has terminated; true when it did. If it is still running
     * {@link #TERMINATION_WARNING} after its coordinated shutdown began, logs every thread's stack once, so that what
     * holds the termination is on record; after {@link #TERMINATION_LIMIT} returns false: the process should exit
     * (its ports and journal may still be held, so a new incarnation could not start in it).
     */
    static boolean awaitTermination(ActorSystem<?> system, Duration warning, Duration limit) {
        CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
        long shutdownSeen = 0;
        boolean dumped = false;
        while (true) {
            try {
                terminated.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                if (CoordinatedShutdown.get(system).getShutdownReason().isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                if (shutdownSeen == 0) {
                    shutdownSeen = now;
                } else if (now - shutdownSeen > limit.toNanos()) {
                    log.error("the actor system has not terminated {} after its shutdown began; giving up on it", limit);
                    return false;
                } else if (!dumped && now - shutdownSeen > warning.toNanos()) {
                    log.warn("the actor system has not terminated {} after its shutdown began; threads:\n{}", warning,
                            ThreadDump.of());
                    dumped = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }
    }

    /** Creates the node's directories and starts its actor system (without management): for the main and tests. */
    public static ActorSystem<Void> start(NodeConfig.Loaded loaded, DataPlane dataPlane) {
        NodeSettings settings = loaded.settings();
        createDirectories(settings);
        // Before the journal opens its LevelDB: the native library from one shared copy, not one per process.
        LevelDbNativeLibrary.prepare();
        return ActorSystem.create(Guardian.create(settings, dataPlane), NodeSettings.SYSTEM_NAME, loaded.config());
    }

    /** Pekko's LevelDB journal creates only the last directory of its path, so create them all first. */
    private static void createDirectories(NodeSettings settings) {
        for (Path directory : new Path[] {settings.dataDir(), settings.journalDir(), settings.snapshotDir()}) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + directory + ": " + e.getMessage()
                        + "; check floe.data-dir (FLOE_DATA_DIR) and its permissions", e);
            }
        }
    }
}
