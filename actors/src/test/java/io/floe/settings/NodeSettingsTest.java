package io.floe.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.floe.node.NodeConfig;
import io.floe.tls.ClusterTlsStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node settings through the whole configuration stack: defaults, overrides reaching Pekko keys, and validation. */
class NodeSettingsTest {

    private static NodeConfig.Loaded load(Map<String, ?> overrides) {
        return NodeConfig.load(ConfigFactory.parseMap(overrides));
    }

    private static void assertInvalid(Map<String, ?> overrides, String... expectedParts) {
        SettingsException e = assertThrows(SettingsException.class, () -> load(overrides));
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void defaultsDescribeASingleNodeOfItsOwn() {
        NodeSettings settings = load(Map.of()).settings();

        assertEquals("node-1", settings.nodeId());
        assertEquals(Path.of("floe-data/node-1").toAbsolutePath(), settings.dataDir());
        assertEquals(List.of("pekko://floe@127.0.0.1:25520"), settings.seedNodes());
        assertEquals(List.of("node-1"), settings.committee().initialMembers());
        assertEquals(100, settings.committee().shardCount());
        assertEquals(1L << 30, settings.maxBlobSize());
        assertEquals("http://127.0.0.1:9100", settings.network().nodeApiUrl());
    }

    @Test
    void overridesReachThePekkoKeysThatReferToThem() {
        NodeConfig.Loaded loaded = load(Map.of(
                "floe.node-id", "node-3",
                "floe.data-dir", "/tmp/floe-test/node-3",
                "floe.host", "127.0.0.13",
                "floe.artery-port", 26000,
                "floe.management-port", 8600,
                "floe.seed-nodes", "127.0.0.11:26000, pekko://floe@127.0.0.12:26000",
                "floe.initial-members", "node-1,node-2,node-3",
                "floe.max-blob-size", "512 MiB"));
        Config config = loaded.config();

        assertEquals("127.0.0.13", config.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(26000, config.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("127.0.0.13", config.getString("pekko.remote.artery.advanced.tcp.outbound-client-hostname"));
        assertEquals("/tmp/floe-test/node-3/journal", config.getString("pekko.persistence.journal.leveldb.dir"));
        assertEquals(8600, config.getInt("pekko.management.http.port"));
        assertEquals(List.of("pekko://floe@127.0.0.11:26000", "pekko://floe@127.0.0.12:26000"),
                config.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(List.of("node-1", "node-2", "node-3"), loaded.settings().committee().initialMembers());
        assertEquals(512L << 20, loaded.settings().maxBlobSize());
        assertEquals("cluster", config.getString("pekko.actor.provider"));
        assertEquals("off", config.getString("pekko.actor.allow-java-serialization"));
        assertTrue(config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause")
                .compareTo(Duration.ofSeconds(3)) >= 0);
    }

    @Test
    void tooFewShardsNameTheKey() {
        assertInvalid(Map.of("floe.shard-count", 2), "floe.shard-count", "'2'", "4 to ", "FLOE_SHARD_COUNT");
    }

    @Test
    void portsMustBeInRangeAndDistinct() {
        assertInvalid(Map.of("floe.artery-port", 0), "floe.artery-port", "1 to 65535");
        assertInvalid(Map.of("floe.node-api-port", "ninety"), "floe.node-api-port", "FLOE_NODE_API_PORT");
        assertInvalid(Map.of("floe.publisher-port", 9100), "floe.publisher-port", "floe.node-api-port");
    }

    @Test
    void nodeIdsAreChecked() {
        assertInvalid(Map.of("floe.node-id", "node 1"), "floe.node-id", "'node 1'");
        assertInvalid(Map.of("floe.initial-members", "a,b,a"), "floe.initial-members", "once");
        assertInvalid(Map.of("floe.initial-members", " , "), "floe.initial-members");
        assertInvalid(Map.of("floe.initial-members", "a,b,c,d,e", "floe.shard-count", 4), "floe.initial-members",
                "fewer members");
    }

    @Test
    void seedNodesNeedAPort() {
        assertInvalid(Map.of("floe.seed-nodes", "127.0.0.11"), "floe.seed-nodes", "host:port");
        assertInvalid(Map.of("floe.seed-nodes", "127.0.0.11:99999"), "floe.seed-nodes", "1 to 65535");
    }

    @Test
    void sizesAndDurationsNeedUnitsAndPositiveValues() {
        assertInvalid(Map.of("floe.max-blob-size", "lots"), "floe.max-blob-size", "FLOE_MAX_BLOB_SIZE");
        assertInvalid(Map.of("floe.max-blob-size", 0), "floe.max-blob-size", "positive");
        assertInvalid(Map.of("floe.committee.announce-interval", "0 s"), "floe.committee.announce-interval",
                "FLOE_COMMITTEE_ANNOUNCE_INTERVAL");
        assertInvalid(Map.of("floe.epoch-coordinator.max-proposal-attempts", 0),
                "floe.epoch-coordinator.max-proposal-attempts", "at least 1");
    }

    @Test
    void theSliverFileAndLogSizesDefaultTo128And4KiBAndMustBePositive() {
        assertEquals(128 << 10, load(Map.of()).settings().sliverFileSize());
        assertEquals(16 << 10, load(Map.of("floe.storage.sliver-file-size", "16 KiB")).settings().sliverFileSize());
        assertInvalid(Map.of("floe.storage.sliver-file-size", 0), "floe.storage.sliver-file-size", "positive");
        assertInvalid(Map.of("floe.storage.sliver-file-size", "3 GiB"), "floe.storage.sliver-file-size", "2 GiB");
        assertEquals(4 << 10, load(Map.of()).settings().sliverLogSize());
        assertEquals(1, load(Map.of("floe.storage.sliver-log-size", "1 B")).settings().sliverLogSize());
        assertInvalid(Map.of("floe.storage.sliver-log-size", 0), "floe.storage.sliver-log-size", "positive");
        assertInvalid(Map.of("floe.storage.sliver-log-size", "2 GiB"), "floe.storage.sliver-log-size", "2 GiB");
    }

    @Test
    void theSliverLogKeeps512MiBInThePageCacheByDefault() {
        assertEquals(512L << 20, load(Map.of()).settings().sliverLogPageCache());
        assertEquals(0, load(Map.of("floe.storage.sliver-log-page-cache", "0")).settings().sliverLogPageCache());
        assertEquals(4L << 40, load(Map.of("floe.storage.sliver-log-page-cache", "4 TiB")).settings()
                .sliverLogPageCache());
        assertInvalid(Map.of("floe.storage.sliver-log-page-cache", "-1"), "floe.storage.sliver-log-page-cache",
                "negative");
    }

    @Test
    void bindHostDefaultsToTheAdvertisedHost() {
        NodeConfig.Loaded loaded = load(Map.of("floe.host", "127.0.0.13"));
        Config config = loaded.config();

        assertEquals("127.0.0.13", loaded.settings().network().bindHost());
        assertEquals("127.0.0.13", config.getString("pekko.remote.artery.bind.hostname"));
        assertEquals("127.0.0.13", config.getString("pekko.management.http.bind-hostname"));
        assertEquals("tcp", config.getString("pekko.remote.artery.transport"));
        assertEquals(false, loaded.settings().tls().enabled());
    }

    @Test
    void aContainerBindsEveryInterfaceButAdvertisesItsServiceName() {
        NodeConfig.Loaded loaded = load(Map.of("floe.host", "node2", "floe.bind-host", "0.0.0.0"));
        Config config = loaded.config();

        assertEquals("node2", config.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals("0.0.0.0", config.getString("pekko.remote.artery.bind.hostname"));
        assertEquals("0.0.0.0", config.getString("pekko.remote.artery.advanced.tcp.outbound-client-hostname"));
        assertEquals("node2", config.getString("pekko.management.http.hostname"));
        assertEquals("0.0.0.0", config.getString("pekko.management.http.bind-hostname"));
        assertEquals("0.0.0.0", loaded.settings().network().bindHost());
        assertEquals("http://node2:9100", loaded.settings().network().nodeApiUrl());
        assertEquals(List.of("pekko://floe@node2:25520"), loaded.settings().seedNodes());
        assertInvalid(Map.of("floe.bind-host", " "), "floe.bind-host", "FLOE_BIND_HOST");
    }

    @Test
    void tlsSwitchesArteryToTlsTcpWithTheClusterStores(@TempDir Path dir) throws Exception {
        ClusterTlsStores stores = new ClusterTlsStores(dir);
        stores.create(List.of("node-1"), Duration.ofDays(1));
        NodeConfig.Loaded loaded = load(tls(stores, stores.password(), stores.password()));
        Config engine = loaded.config().getConfig("pekko.remote.artery.ssl.config-ssl-engine");

        assertEquals("tls-tcp", loaded.config().getString("pekko.remote.artery.transport"));
        assertEquals(stores.keyStore("node-1").toString(), engine.getString("key-store"));
        assertEquals(stores.trustStore().toString(), engine.getString("trust-store"));
        assertEquals(stores.password(), engine.getString("key-password"));
        assertEquals("TLSv1.3", engine.getString("protocol"));
        assertEquals(true, engine.getBoolean("require-mutual-authentication"));
        assertEquals(true, loaded.settings().tls().enabled());
        assertTrue(!loaded.settings().tls().toString().contains(stores.password()), "the password leaks");
    }

    @Test
    void tlsStoresMustExistAndOpenWithTheirPasswords(@TempDir Path dir) throws Exception {
        ClusterTlsStores stores = new ClusterTlsStores(dir);
        stores.create(List.of("node-1"), Duration.ofDays(1));
        String password = stores.password();

        assertInvalid(Map.of("floe.tls.enabled", "on"), "floe.tls.key-store-password",
                "FLOE_TLS_KEY_STORE_PASSWORD");
        Map<String, Object> missingKeyStore = new HashMap<>(tls(stores, password, password));
        missingKeyStore.put("floe.tls.key-store", dir.resolve("node-9.p12").toString());
        assertInvalid(missingKeyStore, "floe.tls.key-store", "node-9.p12", "FLOE_TLS_KEY_STORE", "floe tls create");
        assertInvalid(tls(stores, "wrong", password), "floe.tls.key-store", "check the password");
        assertInvalid(tls(stores, password, "wrong"), "floe.tls.trust-store", "FLOE_TLS_TRUST_STORE");
        Map<String, Object> trustAsKeys = new HashMap<>(tls(stores, password, password));
        trustAsKeys.put("floe.tls.key-store", stores.trustStore().toString());
        assertInvalid(trustAsKeys, "floe.tls.key-store", "no private key");
        assertInvalid(Map.of("floe.tls.enabled", "maybe"), "floe.tls.enabled", "FLOE_TLS_ENABLED");
    }

    private static Map<String, Object> tls(ClusterTlsStores stores, String keyPassword, String trustPassword) {
        return Map.of(
                "floe.tls.enabled", "on",
                "floe.tls.key-store", stores.keyStore("node-1").toString(),
                "floe.tls.key-store-password", keyPassword,
                "floe.tls.trust-store", stores.trustStore().toString(),
                "floe.tls.trust-store-password", trustPassword);
    }

    @Test
    void epochSettingsHaveDefaultsAndEnvironmentNames() {
        CommitteeSettings defaults = load(Map.of()).settings().committee();
        assertEquals(java.time.Duration.ofHours(1), defaults.epochDuration());
        assertEquals(53, defaults.maxEpochsAhead());
        assertEquals(java.time.Duration.ofMinutes(2), defaults.downAfter());
        assertEquals(1, defaults.nodeWeight());
        assertEquals(java.time.Duration.ZERO, defaults.commitDelay());

        CommitteeSettings set = load(Map.of("floe.epoch.duration", "20s", "floe.epoch.max-epochs-ahead", 5,
                "floe.epoch.down-after", "3s", "floe.node-weight", 3)).settings().committee();
        assertEquals(java.time.Duration.ofSeconds(20), set.epochDuration());
        assertEquals(5, set.maxEpochsAhead());
        assertEquals(java.time.Duration.ofSeconds(3), set.downAfter());
        assertEquals(3, set.nodeWeight());

        assertInvalid(Map.of("floe.epoch.duration", "0s"), "floe.epoch.duration", "FLOE_EPOCH_DURATION");
        assertInvalid(Map.of("floe.epoch.max-epochs-ahead", 0), "FLOE_EPOCH_MAX_EPOCHS_AHEAD", "at least 1");
        assertInvalid(Map.of("floe.epoch.down-after", "never"), "FLOE_EPOCH_DOWN_AFTER");
        assertInvalid(Map.of("floe.node-weight", 0), "FLOE_NODE_WEIGHT", "at least 1");
        assertInvalid(Map.of("floe.epoch-coordinator.commit-delay", "-1s"), "FLOE_EPOCH_COORDINATOR_COMMIT_DELAY");
    }
}
