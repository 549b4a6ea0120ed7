package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BlobIdCommandTest {
    /** Walrus' blob ID for "hello world" with 4 shards. */
    private static final String HELLO_WORLD_ID = "1coVmp5gV9JYX9dmvlKgfpSxgwUL8yBgS0Izl6K00jc";

    @TempDir
    Path dir;

    private Path helloWorld() throws IOException {
        return Files.writeString(dir.resolve("hello.txt"), "hello world", StandardCharsets.US_ASCII);
    }

    @Test
    void jsonForHelloWorldMatchesWalrus() throws IOException {
        CliRun run = CliRun.of("blob-id", helloWorld().toString(), "--n-shards", "4", "--json");

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(1, run.out().lines().count(), "one JSON object on one line: " + run.out());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.isObject());
        assertEquals(HELLO_WORLD_ID, json.get("blobId").asText());
        assertNumber(11, json, "unencodedSize");
        assertNumber(4, json, "nShards");
        assertNumber(2, json, "symbolSize");
        // metadata on every node plus all slivers: n·(64n + 32) + n·(p + s)·S
        assertNumber(4 * (64 * 4 + 32) + 4 * (2 + 3) * 2, json, "encodedSize");
    }

    private static void assertNumber(long expected, JsonNode json, String field) {
        JsonNode value = json.get(field);
        assertTrue(value != null && value.isNumber(), field + " should be a JSON number in " + json);
        assertEquals(expected, value.asLong(), field);
    }

    @Test
    void humanOutputShowsIdAndSizes() throws IOException {
        CliRun run = CliRun.of("blob-id", helloWorld().toString(), "--n-shards", "4");

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("blob ID:         " + HELLO_WORLD_ID), run.out());
        assertTrue(run.out().contains("encoded size:    1.2 KiB (1192 bytes)"), run.out());
        assertTrue(run.out().contains("shards:          4"), run.out());
    }

    @Test
    void plainPicocliCommandLineReportsFailuresTheSameWay() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FloeCli());
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("blob-id", dir.resolve("missing").toString(), "--n-shards", "4");

        assertEquals(ExitCodes.INPUT, exitCode);
        assertTrue(err.toString().startsWith("error: no such file: "), err.toString());
    }

    @Test
    void missingFileIsAnInputError() {
        Path missing = dir.resolve("no-such-file.bin");

        CliRun run = CliRun.of("blob-id", missing.toString(), "--n-shards", "4");

        assertEquals(ExitCodes.INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("error: no such file: " + missing + "; check the path", run.errLines()[0]);
        assertEquals("", run.out());
    }

    @Test
    void directoryIsAnInputError() {
        CliRun run = CliRun.of("blob-id", dir.toString(), "--n-shards", "4");

        assertEquals(ExitCodes.INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("error: ") && run.errLines()[0].contains("is a directory"), run.err());
    }

    @Test
    void unreadableFileIsAnInputError() throws IOException {
        Path file = helloWorld();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: every file is readable");

        CliRun run = CliRun.of("blob-id", file.toString(), "--n-shards", "4");

        assertEquals(ExitCodes.INPUT, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("error: cannot read ") && run.err().contains("permission denied"),
                run.err());
    }

    @Test
    void fewerThanFourShardsIsAUsageError() throws IOException {
        CliRun run = CliRun.of("blob-id", helloWorld().toString(), "--n-shards", "3");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertEquals("error: invalid --n-shards: a committee needs at least 4 shards, got 3; "
                + "pass a number from 4 to 49155", run.errLines()[0]);
    }

    @Test
    void missingShardCountIsAUsageError() throws IOException {
        CliRun run = CliRun.of("blob-id", helloWorld().toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("error: Missing required option: '--n-shards=N'"), run.err());
        assertTrue(run.errLines()[0].endsWith("see 'floe blob-id --help'"), run.err());
    }

    @Test
    void fileOverTheMaximumIsRefused() throws IOException {
        // 4 shards: p = 2, s = 3, so at most 2 · 3 · 65534 = 393204 bytes
        Path file = Files.write(dir.resolve("too-large.bin"), new byte[393205]);

        CliRun run = CliRun.of("blob-id", file.toString(), "--n-shards", "4");

        assertEquals(ExitCodes.BLOB_TOO_LARGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.errLines()[0].startsWith("error: " + file + " is 384.0 KiB (393205 bytes)"), run.err());
        assertTrue(run.errLines()[0].contains("the maximum for 4 shards is 384.0 KiB (393204 bytes)"), run.err());
    }

    @Test
    void fileAtTheMaximumIsEncoded() throws IOException {
        Path file = Files.write(dir.resolve("largest.bin"), new byte[393204]);

        CliRun run = CliRun.of("blob-id", file.toString(), "--n-shards", "4", "--json");

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals(65534, new ObjectMapper().readTree(run.out()).get("symbolSize").asInt());
    }

    @Test
    void sameBytesWithOtherShardCountGiveAnotherId() throws IOException {
        CliRun run = CliRun.of("blob-id", helloWorld().toString(), "--n-shards", "10", "--json");

        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertNotEquals(HELLO_WORLD_ID, new ObjectMapper().readTree(run.out()).get("blobId").asText());
    }
}
