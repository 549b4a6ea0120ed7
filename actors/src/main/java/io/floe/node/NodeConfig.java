package io.floe.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.floe.settings.NodeSettings;
import io.floe.settings.SettingsException;

/**
 * Builds a node's configuration: {@code overrides}, then system properties, {@code application.conf},
 * {@code floe-node.conf} (Pekko settings of a node) and every {@code reference.conf}, resolved together so that
 * {@code floe.*} overrides reach the Pekko keys that refer to them; seed nodes come from {@code floe.seed-nodes}.
 */
public final class NodeConfig {
    /** The classpath resource with the Pekko settings of a node. */
    public static final String NODE_RESOURCE = "floe-node.conf";

    private NodeConfig() {
    }

    /** The resolved configuration and its validated settings. */
    public record Loaded(Config config, NodeSettings settings) {
    }

    /** Loads and validates; throws {@link SettingsException} naming a bad key. */
    public static Loaded load(Config overrides) {
        ClassLoader loader = NodeConfig.class.getClassLoader();
        Config resolved;
        try {
            resolved = overrides
                    .withFallback(ConfigFactory.defaultOverrides(loader))
                    .withFallback(ConfigFactory.defaultApplication(loader))
                    .withFallback(ConfigFactory.parseResources(loader, NODE_RESOURCE))
                    .withFallback(ConfigFactory.defaultReferenceUnresolved(loader))
                    .resolve();
        } catch (ConfigException e) {
            throw new SettingsException("invalid configuration: " + e.getMessage(), e);
        }
        NodeSettings settings = NodeSettings.fromConfig(resolved);
        // An environment variable cannot hold a HOCON list, so the list is built here from floe.seed-nodes.
        Config config = resolved.withValue("pekko.cluster.seed-nodes",
                ConfigValueFactory.fromIterable(settings.seedNodes()));
        return new Loaded(config, settings);
    }
}
