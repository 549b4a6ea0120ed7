package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.floe.tls.ClusterTlsStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose.yml} is a valid compose file (checked by Debian's {@code docker-compose}, installed by
 * {@code .ci/deps}) and starts its nodes with the settings {@code ./floe up} gives its nodes, up to addresses: change
 * one without the other and this fails.
 */
class ComposeFileTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path TLS_OVERRIDE = ROOT.resolve("deploy/docker-compose.tls.yml");
    /** Where the image keeps a node's data (deploy/Dockerfile); {@code floe up} uses DIR/node-i instead. */
    private static final String CONTAINER_DATA_DIR = "/var/lib/floe";
    /** Set only in containers: bind every interface, advertise the service name. */
    private static final Set<String> CONTAINER_ONLY = Set.of("FLOE_BIND_HOST", "JAVA_TOOL_OPTIONS");

    @Test
    void composeValidatesTheFileAndItsTlsOverride() throws Exception {
        Result plain = compose(Map.of(), "-f", COMPOSE.toString(), "config", "-q");
        assertEquals(0, plain.exitCode(), "docker-compose config -q rejects docker-compose.yml:\n" + plain.output());

        Result tls = compose(Map.of("FLOE_TLS_PASSWORD", "secret"), "-f", COMPOSE.toString(), "-f",
                TLS_OVERRIDE.toString(), "config", "-q");
        assertEquals(0, tls.exitCode(), "docker-compose config -q rejects the TLS override:\n" + tls.output());
    }

    @Test
    void composeNodesHaveTheSettingsOfFloeUp() throws Exception {
        JsonNode services = resolvedCompose().path("services");
        List<String> nodeServices = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (name.matches("node\\d+")) {
                nodeServices.add(name);
            }
        });
        assertEquals(UpCommand.DEFAULT_NODES, nodeServices.size(), "node services in docker-compose.yml: "
                + nodeServices + "; floe up starts " + UpCommand.DEFAULT_NODES);

        ClusterDirectory.Layout layout = new ClusterDirectory.Layout(UpCommand.DEFAULT_NODES, UpCommand.DEFAULT_SHARDS);
        for (int node = 1; node <= UpCommand.DEFAULT_NODES; node++) {
            JsonNode service = services.path(service(node));
            Map<String, String> compose = environment(service);
            Map<String, String> up = inContainers(UpCommand.environment(Path.of("/unused"), layout, node));

            Map<String, String> shared = new TreeMap<>(compose);
            shared.keySet().removeAll(CONTAINER_ONLY);
            assertEquals(new TreeMap<>(up), shared, service(node) + "'s environment in docker-compose.yml differs"
                    + " from what floe up gives " + ClusterDirectory.nodeId(node) + " (UpCommand.environment);"
                    + " change both");
            assertEquals("0.0.0.0", compose.get("FLOE_BIND_HOST"));
            assertEquals(UpCommand.DEFAULT_JAVA_OPTS, compose.get("JAVA_TOOL_OPTIONS"),
                    "containers and floe up run the JVM with the same options");
            assertEquals(service(node), service.path("hostname").asText(service(node)));
            assertTrue(service.path("volumes").toString().contains(":" + CONTAINER_DATA_DIR),
                    service(node) + " keeps its data on a volume at " + CONTAINER_DATA_DIR);
            Set<Integer> published = new HashSet<>();
            service.path("ports").forEach(port -> published.add(port.path("target").asInt()));
            assertEquals(Set.of(ClusterDirectory.PUBLISHER_PORT, ClusterDirectory.NODE_API_PORT,
                    ClusterDirectory.MANAGEMENT_PORT), published, service(node) + "'s published ports");
            assertTrue(service.path("healthcheck").path("test").toString()
                    .contains(":" + ClusterDirectory.MANAGEMENT_PORT + "/ready"), "health is readiness");
        }
    }

    @Test
    void theTlsOverrideGivesEachNodeTheSettingsOfFloeUpTls(@TempDir Path dir) throws Exception {
        Result resolved = compose(Map.of("FLOE_TLS_PASSWORD", "secret"), "-f", COMPOSE.toString(), "-f",
                TLS_OVERRIDE.toString(), "config");
        assertEquals(0, resolved.exitCode(), resolved.output());
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(resolved.output()).path("services");
        ClusterTlsStores stores = new ClusterTlsStores(dir);
        stores.create(List.of(ClusterDirectory.nodeId(1), ClusterDirectory.nodeId(2), ClusterDirectory.nodeId(3),
                ClusterDirectory.nodeId(4)), Duration.ofDays(1));
        for (int node = 1; node <= UpCommand.DEFAULT_NODES; node++) {
            JsonNode service = services.path(service(node));
            Map<String, String> tls = new TreeMap<>(environment(service));
            tls.keySet().removeIf(key -> !key.startsWith("FLOE_TLS_"));
            Map<String, String> up = UpCommand.tlsEnvironment(stores, node);

            assertEquals(new TreeSet<>(up.keySet()), tls.keySet(), service(node) + "'s TLS settings");
            assertEquals(up.get("FLOE_TLS_ENABLED"), tls.get("FLOE_TLS_ENABLED"));
            assertEquals("secret", tls.get("FLOE_TLS_KEY_STORE_PASSWORD"));
            assertEquals("secret", tls.get("FLOE_TLS_TRUST_STORE_PASSWORD"));
            String volumes = service.path("volumes").toString();
            assertTrue(volumes.contains("deploy/tls/" + stores.keyStore(ClusterDirectory.nodeId(node)).getFileName()
                    + ":" + tls.get("FLOE_TLS_KEY_STORE") + ":ro"), service(node) + " mounts its key store: " + volumes);
            assertTrue(volumes.contains("deploy/tls/" + ClusterTlsStores.TRUST_STORE_FILE + ":"
                    + tls.get("FLOE_TLS_TRUST_STORE") + ":ro"), service(node) + " mounts the trust store: " + volumes);
            assertTrue(!volumes.contains(ClusterTlsStores.CA_FILE), "the CA's key stays on the host");
        }
    }

    @Test
    void prometheusScrapesEveryNode() throws Exception {
        JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("deploy/prometheus.yml")
                .toFile());
        Set<String> targets = new HashSet<>();
        prometheus.path("scrape_configs").forEach(job -> job.path("static_configs").forEach(
                group -> group.path("targets").forEach(target -> targets.add(target.asText()))));
        Set<String> expected = new HashSet<>();
        for (int node = 1; node <= UpCommand.DEFAULT_NODES; node++) {
            expected.add(service(node) + ":" + ClusterDirectory.NODE_API_PORT);
        }
        assertEquals(expected, targets);
        assertTrue(resolvedCompose().path("services").has("prometheus"), "docker-compose.yml runs Prometheus");
    }

    @Test
    void theImageRunsTheJarAsAnUnprivilegedUserAndStopsGracefully() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));

        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "Temurin 17 JRE base");
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\""), "exec form: SIGTERM reaches the JVM");
        String entryPoint = dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        for (String flag : UpCommand.NODE_JVM_FLAGS) {
            assertTrue(entryPoint.contains("\"" + flag + "\""), "the image's nodes run with " + flag + " as floe up's do");
        }
        assertTrue(dockerfile.contains("STOPSIGNAL SIGTERM"));
        assertTrue(dockerfile.contains("USER floe"), "runs as the floe user");
        assertTrue(dockerfile.contains("VOLUME [\"" + CONTAINER_DATA_DIR + "\"]"));
        assertTrue(dockerfile.contains("FLOE_DATA_DIR=" + CONTAINER_DATA_DIR));
        assertTrue(dockerfile.contains("EXPOSE " + ClusterDirectory.ARTERY_PORT + " " + ClusterDirectory.NODE_API_PORT
                + " " + ClusterDirectory.PUBLISHER_PORT + " " + ClusterDirectory.MANAGEMENT_PORT));
    }

    /** Up's settings as a container has them: service names for loopback addresses, the image's data directory. */
    private static Map<String, String> inContainers(Map<String, String> up) {
        Map<String, String> translated = new LinkedHashMap<>();
        up.forEach((key, value) -> {
            String result = key.equals("FLOE_DATA_DIR") ? CONTAINER_DATA_DIR : value;
            // Highest node first, so that node 1's address does not match the start of node 10's.
            for (int node = LoopbackAddresses.MAX_NODES; node >= 1; node--) {
                result = result.replace(LoopbackAddresses.host(node), service(node));
            }
            translated.put(key, result);
        });
        return translated;
    }

    private static String service(int node) {
        return "node" + node;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(entry -> environment.put(entry.getKey(),
                entry.getValue().asText()));
        return environment;
    }

    private static JsonNode resolved;

    /** The file as compose itself reads it: anchors merged, values as strings (read once: compose starts slowly). */
    private static synchronized JsonNode resolvedCompose() throws Exception {
        if (resolved == null) {
            resolved = readResolvedCompose();
        }
        return resolved;
    }

    private static JsonNode readResolvedCompose() throws Exception {
        Result resolved = compose(Map.of(), "-f", COMPOSE.toString(), "config");
        assertEquals(0, resolved.exitCode(), "docker-compose config failed:\n" + resolved.output());
        return new ObjectMapper(new YAMLFactory()).readTree(resolved.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result compose(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("docker-compose", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("FLOE_TLS_PASSWORD");
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail("docker-compose is not installed (" + e.getMessage() + "); run .ci/deps, which installs"
                        + " the packages in .ci/packages");
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("docker-compose " + String.join(" ", arguments) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("actors"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
