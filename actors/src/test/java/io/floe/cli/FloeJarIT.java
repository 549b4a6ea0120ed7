package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code floe.jar} and the {@code floe} launcher as separate processes, as a user would. */
class FloeJarIT {
    private static final String HELLO_WORLD_ID = "1coVmp5gV9JYX9dmvlKgfpSxgwUL8yBgS0Izl6K00jc";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set; run this test with 'mvn verify' (failsafe sets it)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private Result run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Result runJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", property("floe.jar").toString()));
        command.addAll(List.of(args));
        return run(Map.of(), command);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void assertHelloWorldJson(Result result) throws IOException {
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertEquals("", result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(HELLO_WORLD_ID, json.get("blobId").asText(), result.out());
        assertEquals(1192, json.get("encodedSize").asLong(), result.out());
    }

    @Test
    void jarComputesTheBlobId() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello world");

        assertHelloWorldJson(runJar("blob-id", "hello.txt", "--n-shards", "4", "--json"));
    }

    @Test
    void jarExitsWithTheCommandsExitCode() throws Exception {
        Result result = runJar("blob-id", "missing.txt", "--n-shards", "4");

        assertEquals(ExitCodes.INPUT, result.exitCode());
        assertEquals("error: no such file: missing.txt; check the path", result.err().strip());
        assertEquals("", result.out());
    }

    @Test
    void clientCommandLoadsNoPekkoClasses() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello world");
        Path classLog = dir.resolve("classes.log");

        Result result = run(Map.of(), List.of(javaExecutable(), "-Xlog:class+load=info:file=" + classLog,
                "-jar", property("floe.jar").toString(), "blob-id", "hello.txt", "--n-shards", "4"));

        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("io.floe.cli.BlobIdCommand"), "the log should list loaded classes");
        assertFalse(loaded.contains("org.apache.pekko."), "a client command must not load Pekko");
        assertFalse(loaded.contains("scala."), "a client command must not load Scala");
    }

    @Test
    void launcherWorksThroughASymlinkFromAnotherDirectory() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello world");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("floe"), property("floe.launcher"));

        Result result;
        try {
            // FLOE_NO_BUILD: the jar was just packaged; a launcher that started Maven inside Maven would be a bug.
            result = run(Map.of("FLOE_NO_BUILD", "1"),
                    List.of(link.toString(), "blob-id", "hello.txt", "--n-shards", "4", "--json"));
        } finally {
            Files.delete(link); // ourselves, so that @TempDir does not warn about a link leaving it
        }

        assertHelloWorldJson(result);
    }
}
