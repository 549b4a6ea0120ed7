package io.floe.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.floe.settings.NodeSettings;
import io.floe.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    /**
     * Runs a node until its actor system terminates and returns the process' exit status: 0 after a requested
     * shutdown (SIGTERM, leaving), 1 when the node stopped for another reason (downed, failed to start).
     */
    public static int run(Config overrides, DataPlane dataPlane) {
        NodeConfig.Loaded loaded = NodeConfig.load(overrides);
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
        system.getWhenTerminated().toCompletableFuture().join();
        Object reason = CoordinatedShutdown.get(system).getShutdownReason().orElse(null);
        boolean requested = reason == CoordinatedShutdown.jvmExitReason()
                || reason == CoordinatedShutdown.clusterLeavingReason();
        log.info("node terminated nodeId={} reason={}", loaded.settings().nodeId(), reason);
        return requested ? 0 : 1;
    }

    /** Creates the node's directories and starts its actor system (without management): for the main and tests. */
    public static ActorSystem<Void> start(NodeConfig.Loaded loaded, DataPlane dataPlane) {
        NodeSettings settings = loaded.settings();
        createDirectories(settings);
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
