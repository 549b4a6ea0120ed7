package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.LocalDataPlane;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe blob-status} and {@code floe info}, in process, against four in-JVM nodes (10 shards). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobStatusInfoCommandTest {
    private static final int SHARDS = 10;
    private static final String UNKNOWN_ID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    static Path directory;
    LocalDataPlane plane;
    String nodeApi;

    @BeforeAll
    void start() {
        plane = LocalDataPlane.start(directory.resolve("nodes"), 4, SHARDS);
        nodeApi = plane.node(1).nodeApiUrl();
    }

    @AfterAll
    void stop() {
        plane.close();
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(directory.resolve(name), bytes);
    }

    private String store(Path file, String... options) throws IOException {
        String[] args = new String[options.length + 4];
        args[0] = "store";
        args[1] = file.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "--url";
        args[options.length + 3] = plane.node(0).publisherUrl();
        CliRun stored = CliRun.of(args);
        assertEquals(ExitCodes.OK, stored.exitCode(), stored.err());
        return ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), Files.readAllBytes(file)).blobId().toString();
    }

    private static JsonNode json(CliRun run) throws IOException {
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void certifiedBlobIsReportedWithItsEndEpochAndSlivers() throws IOException {
        String id = store(file("status.bin", 5_000, 1), "--epochs", "4");

        CliRun text = CliRun.of("blob-status", id, "--url", nodeApi);
        assertEquals(ExitCodes.OK, text.exitCode(), text.err());
        assertTrue(text.out().contains("status:       certified"), text.out());
        assertTrue(text.out().contains("end epoch:    " + (LocalDataPlane.EPOCH + 4)), text.out());
        assertTrue(text.out().contains("permanent"), text.out());
        assertTrue(text.out().contains("10 of 10 shards on 4 of 4 nodes"), text.out());

        CliRun run = CliRun.of("blob-status", id, "--json", "--url", nodeApi);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode status = json(run);
        assertEquals(id, status.path("blobId").asText());
        assertEquals("certified", status.path("status").asText());
        assertTrue(status.path("certified").asBoolean());
        assertEquals(LocalDataPlane.EPOCH + 4, status.path("endEpoch").asLong());
        assertFalse(status.path("deletable").asBoolean());
        assertEquals(SHARDS, status.path("nShards").asInt());
        assertEquals(SHARDS, status.path("shardsWithSlivers").asInt());
        assertEquals(4, status.path("nodesWithSlivers").asInt());
        assertEquals(SHARDS - 2 * 3, status.path("shardsNeededToRead").asInt());
        assertEquals(4, status.path("nodes").size());
        for (JsonNode node : status.path("nodes")) {
            assertTrue(node.path("reachable").asBoolean(), node.toString());
            assertEquals(node.path("shards").asInt(), node.path("shardsWithSlivers").asInt(), node.toString());
        }
    }

    @Test
    void deletableBlobShowsItsObjectId() throws IOException {
        String id = store(file("deletable.bin", 3_000, 2), "--deletable");
        JsonNode status = json(CliRun.of("blob-status", id, "--json", "--url", nodeApi));
        assertTrue(status.path("deletable").asBoolean(), status.toString());
        assertEquals(43, status.path("objectId").asText().length(), status.toString());
    }

    @Test
    void unknownBlobIsNotFoundOnOneLine() throws IOException {
        CliRun run = CliRun.of("blob-status", UNKNOWN_ID, "--url", nodeApi);
        assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("error: blob " + UNKNOWN_ID + " is not stored"), run.err());

        CliRun json = CliRun.of("blob-status", UNKNOWN_ID, "--json", "--url", nodeApi);
        assertEquals(ExitCodes.NOT_FOUND, json.exitCode());
        JsonNode error = json(json).path("error");
        assertEquals(ExitCodes.NOT_FOUND, error.path("code").asInt());
        assertEquals("NOT_FOUND", error.path("name").asText());
        assertTrue(error.path("message").asText().contains("floe store"), error.toString());
    }

    @Test
    void malformedIdAndWrongFlagsAreUsageErrors() throws IOException {
        CliRun malformed = CliRun.of("blob-status", "not-an-id", "--url", nodeApi);
        assertEquals(ExitCodes.USAGE, malformed.exitCode());
        assertEquals(1, malformed.errLines().length, malformed.err());
        assertTrue(malformed.err().contains("malformed blob ID 'not-an-id'"), malformed.err());

        CliRun unknownFlag = CliRun.of("blob-status", UNKNOWN_ID, "--jsn", "--url", nodeApi);
        assertEquals(ExitCodes.USAGE, unknownFlag.exitCode());
        assertEquals(1, unknownFlag.errLines().length, unknownFlag.err());
        assertTrue(unknownFlag.err().contains("--jsn") && unknownFlag.err().contains("did you mean --json?"),
                unknownFlag.err());

        CliRun missing = CliRun.of("blob-status", "--json", "--url", nodeApi);
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertEquals("USAGE", json(missing).path("error").path("name").asText(), missing.out());

        CliRun publisherUrl = CliRun.of("blob-status", UNKNOWN_ID, "--url", plane.node(0).publisherUrl());
        assertEquals(ExitCodes.USAGE, publisherUrl.exitCode());
        assertTrue(publisherUrl.err().contains("is not a node API"), publisherUrl.err());
    }

    @Test
    void noClusterSaysHowToStartOne() throws IOException {
        CliRun run = CliRun.of("blob-status", UNKNOWN_ID, "--dir", directory.resolve("nowhere").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("floe up") && run.err().contains("--url"), run.err());

        CliRun dead = CliRun.of("info", "--url", deadUrl());
        assertEquals(ExitCodes.UNAVAILABLE, dead.exitCode());
        assertEquals(1, dead.errLines().length, dead.err());
        assertTrue(dead.err().contains("does not answer") && dead.err().contains("floe up"), dead.err());
    }

    @Test
    void infoShowsTheCommitteeQuorumsAndSizes() throws IOException {
        EncodingConfig config = EncodingConfig.forShards(SHARDS);
        CliRun run = CliRun.of("info", "--size", "64KiB", "--json", "--url", nodeApi);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode info = json(run);
        assertEquals(LocalDataPlane.EPOCH, info.path("epoch").asLong());
        assertEquals(SHARDS, info.path("nShards").asInt());
        assertEquals(3, info.path("faulty").asInt());
        assertEquals(4, info.path("validityShards").asInt());
        assertEquals(7, info.path("quorumShards").asInt());
        assertEquals(4, info.path("readShards").asInt());
        assertEquals(config.maxBlobSize(), info.path("maxBlobSize").asLong());
        assertEquals(4, info.path("members").size());
        int shards = 0;
        for (int i = 0; i < 4; i++) {
            JsonNode member = info.path("members").get(i);
            assertEquals(plane.node(i).nodeId(), member.path("nodeId").asText());
            assertEquals(plane.node(i).nodeApiUrl(), member.path("apiUrl").asText());
            assertEquals(plane.node(i).shards().size(), member.path("shardCount").asInt());
            shards += member.path("shardCount").asInt();
        }
        assertEquals(SHARDS, shards);
        JsonNode size = info.path("size");
        assertEquals(64 * 1024, size.path("unencodedSize").asLong());
        assertTrue(size.path("fits").asBoolean());
        assertEquals(config.encodedLength(64 * 1024), size.path("encodedSize").asLong());

        CliRun text = CliRun.of("info", "--size", "1.5MiB", "--url", nodeApi);
        assertEquals(ExitCodes.OK, text.exitCode(), text.err());
        assertTrue(text.out().contains("n = 10, f = 3"), text.out());
        assertTrue(text.out().contains("maximum blob size:  " + Sizes.describe(config.maxBlobSize())), text.out());
        assertTrue(text.out().contains(Sizes.describe(config.encodedLength(3L << 19)) + " for 1.5 MiB"), text.out());
        assertTrue(text.out().contains("node-0  3 shards  " + plane.node(0).nodeApiUrl()), text.out());
    }

    @Test
    void infoRefusesBadSizesAndReportsOnesThatDoNotFit() throws IOException {
        CliRun bad = CliRun.of("info", "--size", "3 parsecs", "--url", nodeApi);
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertEquals(1, bad.errLines().length, bad.err());
        assertTrue(bad.err().contains("'3 parsecs' is not a size"), bad.err());

        CliRun tooLarge = CliRun.of("info", "--size", "1TiB", "--json", "--url", nodeApi);
        assertEquals(ExitCodes.BLOB_TOO_LARGE, tooLarge.exitCode(), tooLarge.err());
        assertFalse(json(tooLarge).path("size").path("fits").asBoolean(), tooLarge.out());
    }

    @Test
    void aStoppedNodeShowsAsUnreachableAndTheBlobStaysCertified() throws IOException {
        String id = store(file("one-down.bin", 2_000, 3));
        plane.stop(3);
        try {
            CliRun run = CliRun.of("blob-status", id, "--json", "--url", plane.node(3).nodeApiUrl(), "--url",
                    nodeApi);
            assertEquals(ExitCodes.OK, run.exitCode(), run.err());
            JsonNode status = json(run);
            assertEquals("certified", status.path("status").asText());
            JsonNode down = status.path("nodes").get(3);
            assertFalse(down.path("reachable").asBoolean(), down.toString());
            assertEquals("does not answer", down.path("error").asText());
            assertEquals(SHARDS - plane.node(3).shards().size(), status.path("shardsAnswered").asInt());

            CliRun unknown = CliRun.of("blob-status", UNKNOWN_ID, "--url", nodeApi);
            assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), "8 of 10 shards (all but f) answered");
        } finally {
            plane.restart(3);
        }
    }

    /** A loopback URL nothing listens on: a port that was free a moment ago. */
    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
