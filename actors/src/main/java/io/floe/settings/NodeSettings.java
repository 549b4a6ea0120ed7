package io.floe.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.encoding.EncodingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A storage node's settings, read once from the {@code floe} section of the configuration and validated: a bad value
 * stops the node at start with one line naming the key (see {@code reference.conf} for every key).
 */
public record NodeSettings(
        String nodeId,
        Path dataDir,
        NetworkSettings network,
        List<String> seedNodes,
        long maxBlobSize,
        CommitteeSettings committee,
        TlsSettings tls,
        int sliverFileSize,
        int sliverLogSize,
        long sliverLogPageCache) {

    /** The name of every Floe node's actor system; nodes of one cluster must share it. */
    public static final String SYSTEM_NAME = "floe";
    /** The start of an Artery address of a Floe node, before {@code host:port}. */
    public static final String SYSTEM_NAME_URI_PREFIX = "pekko://" + SYSTEM_NAME + "@";

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeSettings {
        seedNodes = List.copyOf(seedNodes);
    }

    /** Reads and validates the {@code floe} section of a resolved configuration. */
    public static NodeSettings fromConfig(Config config) {
        Reader floe = new Reader(config);
        String nodeId = floe.nodeId("node-id", floe.string("node-id"));
        Path dataDir = floe.path("data-dir");
        String host = floe.string("host");
        if (host.isBlank()) {
            throw floe.invalid("host", host, "set the address other nodes reach this node at, e.g. 127.0.0.11");
        }
        String bindHost = floe.string("bind-host");
        if (bindHost.isBlank()) {
            throw floe.invalid("bind-host", bindHost, "set the address this node binds, e.g. 0.0.0.0, or leave it"
                    + " unset to bind floe.host");
        }
        NetworkSettings network = new NetworkSettings(host, bindHost, floe.port("artery-port"),
                floe.port("node-api-port"), floe.port("publisher-port"), floe.port("management-port"));
        checkDistinctPorts(floe, network);
        List<String> seedNodes = floe.list("seed-nodes", value -> seedAddress(floe, value));
        if (seedNodes.isEmpty()) {
            seedNodes = List.of(network.arteryAddress()); // a node without seeds starts a cluster of its own
        }
        long maxBlobSize = floe.positiveBytes("max-blob-size");
        int shardCount = floe.integer("shard-count");
        if (shardCount < Committee.MIN_SHARDS || shardCount > EncodingConfig.MAX_SHARDS) {
            throw floe.invalid("shard-count", shardCount, "a committee has " + Committee.MIN_SHARDS + " to "
                    + EncodingConfig.MAX_SHARDS + " shards");
        }
        List<String> initialMembers = floe.list("initial-members", value -> floe.nodeId("initial-members", value));
        if (initialMembers.isEmpty()) {
            throw floe.invalid("initial-members", "", "list the node ids of the genesis committee, comma-separated");
        }
        if (new HashSet<>(initialMembers).size() != initialMembers.size()) {
            throw floe.invalid("initial-members", String.join(",", initialMembers), "each node id may appear once");
        }
        if (initialMembers.size() > shardCount) {
            throw floe.invalid("initial-members", String.join(",", initialMembers),
                    "the " + shardCount + " shards cannot give each of " + initialMembers.size()
                            + " members one; list fewer members or raise floe.shard-count");
        }
        CommitteeSettings committee = new CommitteeSettings(
                shardCount,
                initialMembers,
                floe.positiveDuration("epoch.duration"),
                floe.positiveDuration("committee.announce-interval"),
                floe.positiveDuration("committee.member-announce-interval"),
                floe.positiveDuration("epoch-coordinator.tick-interval"),
                floe.positiveDuration("epoch-coordinator.ask-timeout"),
                floe.positiveInt("epoch-coordinator.max-proposal-attempts"),
                floe.positiveInt("epoch.max-epochs-ahead"),
                floe.positiveDuration("epoch.down-after"),
                floe.positiveInt("node-weight"),
                floe.nonNegativeDuration("epoch-coordinator.commit-delay"));
        return new NodeSettings(nodeId, dataDir, network, seedNodes, maxBlobSize, committee, tls(floe),
                belowTwoGiB(floe, "storage.sliver-file-size"), belowTwoGiB(floe, "storage.sliver-log-size"),
                floe.bytes("storage.sliver-log-page-cache"));
    }

    private static int belowTwoGiB(Reader floe, String key) {
        long bytes = floe.positiveBytes(key);
        if (bytes > Integer.MAX_VALUE) {
            throw floe.invalid(key, bytes, "must be below 2 GiB");
        }
        return (int) bytes;
    }

    /** {@code floe.tls}: when enabled, both stores must open with their passwords, so a typo stops the node here. */
    private static TlsSettings tls(Reader floe) {
        if (!floe.bool("tls.enabled")) {
            return TlsSettings.DISABLED;
        }
        String keyStorePassword = floe.secret("tls.key-store-password");
        String trustStorePassword = floe.secret("tls.trust-store-password");
        Path keyStore = floe.readableFile("tls.key-store");
        Path trustStore = floe.readableFile("tls.trust-store");
        KeyStore keys = floe.keyStore("tls.key-store", keyStore, keyStorePassword);
        KeyStore trusted = floe.keyStore("tls.trust-store", trustStore, trustStorePassword);
        try {
            if (!hasEntry(keys, KeyStore.PrivateKeyEntry.class, keyStorePassword)) {
                throw floe.invalid("tls.key-store", keyStore, "holds no private key; create the node's key store"
                        + " with 'floe tls create'");
            }
            if (!hasEntry(trusted, KeyStore.TrustedCertificateEntry.class, null)) {
                throw floe.invalid("tls.trust-store", trustStore, "holds no trusted certificate; use the"
                        + " truststore.p12 that 'floe tls create' wrote");
            }
        } catch (GeneralSecurityException e) {
            throw floe.invalid("tls.key-store", keyStore, "cannot read its entries (" + e.getMessage() + ")");
        }
        return new TlsSettings(true, Optional.of(keyStore), keyStorePassword, Optional.of(trustStore),
                trustStorePassword);
    }

    private static boolean hasEntry(KeyStore store, Class<? extends KeyStore.Entry> type, String password)
            throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            KeyStore.ProtectionParameter protection = password == null ? null
                    : new KeyStore.PasswordProtection(password.toCharArray());
            if (store.entryInstanceOf(alias, type) && store.getEntry(alias, protection) != null) {
                return true;
            }
        }
        return false;
    }

    /** Pekko's LevelDB journal of this node's persistent actors. */
    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    /** Pekko's local snapshot store. */
    public Path snapshotDir() {
        return dataDir.resolve("snapshots");
    }

    /** The node's sliver, metadata and blob-info database. */
    public Path storageDir() {
        return dataDir.resolve("storage");
    }

    /** The node's Ed25519 private key seed (32 bytes, readable only by the node's user). */
    public Path keyFile() {
        return dataDir.resolve("node.key");
    }

    private static void checkDistinctPorts(Reader floe, NetworkSettings network) {
        String[] keys = {"artery-port", "node-api-port", "publisher-port", "management-port"};
        int[] ports = {network.arteryPort(), network.nodeApiPort(), network.publisherPort(), network.managementPort()};
        for (int i = 0; i < ports.length; i++) {
            for (int j = 0; j < i; j++) {
                if (ports[i] == ports[j]) {
                    throw floe.invalid(keys[i], ports[i], "it is also floe." + keys[j] + "; give every role its own port");
                }
            }
        }
    }

    /** {@code host:port} or a full {@code pekko://floe@host:port} address, as the full address. */
    private static String seedAddress(Reader floe, String value) {
        String hostPort = value.startsWith(SYSTEM_NAME_URI_PREFIX) ? value.substring(SYSTEM_NAME_URI_PREFIX.length())
                : value;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || value.contains("/") && !value.startsWith(SYSTEM_NAME_URI_PREFIX)) {
            throw floe.invalid("seed-nodes", value, "write seeds as host:port or " + SYSTEM_NAME_URI_PREFIX
                    + "host:port, comma-separated");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw floe.invalid("seed-nodes", value, "the port must be a number from 1 to 65535");
        }
        return SYSTEM_NAME_URI_PREFIX + hostPort;
    }

    /** Reads keys under {@code floe.}, turning every problem into a {@link SettingsException} that names the key. */
    private static final class Reader {
        private final Config config;

        Reader(Config config) {
            this.config = config;
        }

        SettingsException invalid(String key, Object value, String expectation) {
            return new SettingsException("invalid floe." + key + " = '" + value + "': " + expectation
                    + " (environment: " + environmentName(key) + ")");
        }

        private static String environmentName(String key) {
            String last = key.substring(key.lastIndexOf('.') + 1);
            String name = key.startsWith("committee.") || key.startsWith("epoch-coordinator.")
                    || key.startsWith("tls.") || key.startsWith("epoch.") ? key : last;
            return "FLOE_" + name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
        }

        private <T> T read(String key, Function<String, T> getter) {
            String path = "floe." + key;
            try {
                return getter.apply(path);
            } catch (ConfigException.Missing e) {
                throw new SettingsException("missing floe." + key + "; set it in the configuration or "
                        + environmentName(key), e);
            } catch (ConfigException e) {
                throw new SettingsException("invalid floe." + key + ": " + e.getMessage()
                        + " (environment: " + environmentName(key) + ")", e);
            }
        }

        String string(String key) {
            return read(key, config::getString).strip();
        }

        boolean bool(String key) {
            return read(key, config::getBoolean);
        }

        /** A password: never echoed in messages. */
        String secret(String key) {
            String value = read(key, config::getString);
            if (value.isEmpty()) {
                throw new SettingsException("missing floe." + key + "; set " + environmentName(key)
                        + " (floe tls create wrote it to the password file beside the stores)");
            }
            return value;
        }

        Path readableFile(String key) {
            Path file = path(key);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw invalid(key, file, "not a readable file; create the stores with 'floe tls create' and"
                        + " check the path");
            }
            return file;
        }

        KeyStore keyStore(String key, Path file, String password) {
            try {
                return KeyStore.getInstance(file.toFile(), password.toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                throw invalid(key, file, "cannot open it with floe." + key + "-password (" + e.getMessage()
                        + "); check the password and that it is a PKCS12 file");
            }
        }

        int integer(String key) {
            return read(key, config::getInt);
        }

        int positiveInt(String key) {
            int value = integer(key);
            if (value < 1) {
                throw invalid(key, value, "must be at least 1");
            }
            return value;
        }

        int port(String key) {
            int value = integer(key);
            if (value < 1 || value > 65535) {
                throw invalid(key, value, "a port is a number from 1 to 65535");
            }
            return value;
        }

        long positiveBytes(String key) {
            long value = read(key, config::getBytes);
            if (value < 1) {
                throw invalid(key, value, "must be a positive size such as 1 GiB");
            }
            return value;
        }

        /** A size, zero allowed (the configuration library refuses negative ones). */
        long bytes(String key) {
            return read(key, config::getBytes);
        }

        Duration positiveDuration(String key) {
            Duration value = read(key, config::getDuration);
            if (value.isNegative() || value.isZero()) {
                throw invalid(key, value, "must be a positive duration such as 5 s");
            }
            return value;
        }

        Duration nonNegativeDuration(String key) {
            Duration value = read(key, config::getDuration);
            if (value.isNegative()) {
                throw invalid(key, value, "must be zero or a positive duration such as 5 s");
            }
            return value;
        }

        Path path(String key) {
            String value = string(key);
            if (value.isEmpty()) {
                throw invalid(key, value, key.equals("data-dir") ? "set the directory for this node's data"
                        : "set the file's path");
            }
            try {
                return Path.of(value).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw invalid(key, value, "not a valid path: " + e.getReason());
            }
        }

        String nodeId(String key, String value) {
            if (!NODE_ID.matcher(value).matches()) {
                throw invalid(key, value, "a node id is 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                        + " letter or digit");
            }
            return value;
        }

        /** A comma-separated string (what an environment variable can hold) as its trimmed, non-empty parts. */
        List<String> list(String key, Function<String, String> parse) {
            List<String> values = new ArrayList<>();
            for (String part : string(key).split(",")) {
                String value = part.strip();
                if (!value.isEmpty()) {
                    values.add(parse.apply(value));
                }
            }
            return values;
        }
    }
}
