package io.floe.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code floe.*} key of the node's {@code reference.conf}, and every environment variable it reads, is
 * documented in {@code docs/configuration.md} or {@code docs/operations.md}: a key added without a line in the docs
 * fails here, with the list of what is missing.
 */
class ConfigurationDocsTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path REFERENCE = ROOT.resolve("actors/src/main/resources/reference.conf");
    private static final List<Path> DOCS = List.of(ROOT.resolve("docs/configuration.md"),
            ROOT.resolve("docs/operations.md"));
    private static final Pattern ENVIRONMENT = Pattern.compile("\\$\\{\\?(FLOE_[A-Z0-9_]+)}");

    @Test
    void everyKeyIsDocumented() throws IOException {
        String docs = docs();
        Set<String> missing = new TreeSet<>();
        for (String key : keys()) {
            if (!docs.contains("`" + key + "`")) {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing, "keys of " + REFERENCE + " missing from " + DOCS
                + ": add a row (key, environment, type, default, meaning) to the table in docs/operations.md");
    }

    @Test
    void everyEnvironmentVariableIsDocumented() throws IOException {
        String docs = docs();
        Set<String> missing = new TreeSet<>();
        Matcher matcher = ENVIRONMENT.matcher(Files.readString(REFERENCE));
        while (matcher.find()) {
            if (!docs.contains("`" + matcher.group(1) + "`")) {
                missing.add(matcher.group(1));
            }
        }
        assertEquals(Set.of(), missing, "environment variables read by " + REFERENCE + " missing from " + DOCS);
    }

    @Test
    void keysAreFoundWhereTheyAreNested() {
        Set<String> keys = keys();

        assertTrue(keys.contains("floe.tls.key-store"), keys.toString());
        assertTrue(keys.contains("floe.data-plane.recovery.max-backoff"), keys.toString());
        assertTrue(keys.contains("floe.data-plane-blocking-dispatcher"), "a dispatcher is one key: " + keys);
        assertTrue(keys.stream().noneMatch(key -> key.contains("fixed-pool-size")), keys.toString());
    }

    /** The leaf keys under {@code floe}, a Pekko dispatcher counting as one. */
    private static Set<String> keys() {
        Config reference = ConfigFactory.parseFile(REFERENCE.toFile()).resolve();
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ?> entry : reference.getConfig("floe").entrySet()) {
            keys.add("floe." + dispatcherOrKey(reference.getConfig("floe"), entry.getKey()));
        }
        return keys;
    }

    private static String dispatcherOrKey(Config floe, String key) {
        String[] parts = key.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : ".").append(parts[i]);
            String type = prefix + ".type";
            if (floe.hasPath(type) && floe.getString(type).equals("Dispatcher")) {
                return prefix.toString();
            }
        }
        return key;
    }

    private static String docs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path doc : DOCS) {
            text.append(Files.readString(doc)).append('\n');
        }
        return text.toString();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("actors"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
    }
}
