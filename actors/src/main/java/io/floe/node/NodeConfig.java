package io.floe.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.floe.settings.NodeSettings;
import io.floe.settings.SettingsException;
import io.floe.settings.TlsSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        return new Loaded(tls(settings.tls()).withFallback(config), settings);
    }

    /**
     * Artery over TLS when {@code floe.tls.enabled}: TLSv1.3 only, and both sides of a connection show a certificate
     * signed by the cluster's CA (mutual authentication). Hostnames are not verified: nodes are addressed by IP on
     * loopback and by service name in containers, and trust comes from the cluster's own CA, which signs nothing else.
     */
    private static Config tls(TlsSettings tls) {
        if (!tls.enabled()) {
            return ConfigFactory.empty();
        }
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        Map<String, Object> settings = new HashMap<>();
        settings.put("pekko.remote.artery.transport", "tls-tcp");
        settings.put("pekko.remote.artery.ssl.ssl-engine-provider",
                "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider");
        settings.put(engine + "key-store", tls.keyStore().orElseThrow().toString());
        settings.put(engine + "key-store-password", tls.keyStorePassword());
        settings.put(engine + "key-password", tls.keyStorePassword());
        settings.put(engine + "trust-store", tls.trustStore().orElseThrow().toString());
        settings.put(engine + "trust-store-password", tls.trustStorePassword());
        settings.put(engine + "protocol", "TLSv1.3");
        settings.put(engine + "enabled-algorithms", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"));
        settings.put(engine + "require-mutual-authentication", "on");
        settings.put(engine + "hostname-verification", "off");
        return ConfigFactory.parseMap(settings);
    }
}
