package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.LocalDataPlane;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe delete}, {@code floe extend} and {@code floe list-blobs}, in process, against four in-JVM nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleCommandTest {
    private static final int SHARDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    LocalDataPlane plane;

    @BeforeAll
    void start() {
        plane = LocalDataPlane.start(directory.resolve("nodes"), 4, SHARDS);
    }

    @AfterAll
    void stop() {
        plane.close();
    }

    private Path file(String name, long seed) throws IOException {
        byte[] bytes = new byte[3_000];
        new Random(seed).nextBytes(bytes);
        return Files.write(directory.resolve(name), bytes);
    }

    private static String blobIdOf(Path file) throws IOException {
        return ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), Files.readAllBytes(file)).blobId().toString();
    }

    private String url(int node) {
        return plane.node(node).publisherUrl();
    }

    @Test
    void deleteNeedsTheTokenThatStorePrinted() throws IOException {
        Path deletable = file("deletable.bin", 31);
        Path permanent = file("permanent.bin", 32);
        CliRun stored = CliRun.of("store", deletable.toString(), "--deletable", "--epochs", "3", "--url", url(0));
        assertEquals(ExitCodes.OK, stored.exitCode(), stored.err());
        assertTrue(stored.out().contains("deletion token "), stored.out());
        CliRun storedJson = CliRun.of("store", deletable.toString(), "--deletable", "--epochs", "3", "--json",
                "--url", url(0));
        JsonNode result = JSON.readTree(storedJson.out()).get(0);
        assertTrue(result.has("alreadyCertified"), storedJson.out());
        String token = stored.out().replaceAll("(?s).*deletion token (\\S+).*", "$1");
        assertEquals(43, token.length(), stored.out());
        assertEquals(ExitCodes.OK, CliRun.of("store", permanent.toString(), "--url", url(0)).exitCode());
        String id = blobIdOf(deletable);

        CliRun wrong = CliRun.of("delete", id, "--token", "B".repeat(43), "--url", url(1));
        assertEquals(ExitCodes.REJECTED, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().startsWith("error: ") && wrong.err().contains("403"), wrong.err());
        CliRun refused = CliRun.of("delete", blobIdOf(permanent), "--token", token, "--url", url(1));
        assertEquals(ExitCodes.REJECTED, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("permanent blobs cannot be deleted"), refused.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("delete", "nope", "--token", token, "--url", url(1)).exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.of("delete", id, "--url", url(1)).exitCode());

        CliRun deleted = CliRun.of("delete", id, "--token", token, "--json", "--url", url(2));
        assertEquals(ExitCodes.OK, deleted.exitCode(), deleted.err());
        assertEquals(id, JSON.readTree(deleted.out()).path("deleted").path("blobId").asText());
        CliRun read = CliRun.of("read", id, "--out", directory.resolve("gone").toString(), "--url", url(3));
        assertEquals(ExitCodes.NOT_FOUND, read.exitCode(), read.err());
        assertTrue(read.err().contains("BLOB_DELETED"), read.err());
    }

    @Test
    void extendPrintsTheNewEndEpochAndListBlobsShowsIt() throws IOException {
        Path file = file("extended.bin", 33);
        assertEquals(ExitCodes.OK, CliRun.of("store", file.toString(), "--epochs", "2", "--url", url(0)).exitCode());
        String id = blobIdOf(file);

        CliRun extended = CliRun.of("extend", id, "--epochs", "5", "--url", url(1));
        assertEquals(ExitCodes.OK, extended.exitCode(), extended.err());
        long end = LocalDataPlane.EPOCH + 7;
        assertTrue(extended.out().contains("-> " + end), extended.out());
        CliRun tooFar = CliRun.of("extend", id, "--epochs", "100", "--url", url(1));
        assertEquals(ExitCodes.REJECTED, tooFar.exitCode(), tooFar.err());
        assertTrue(tooFar.err().contains("EPOCHS_TOO_MANY"), tooFar.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("extend", id, "--epochs", "0", "--url", url(1)).exitCode());

        CliRun listed = CliRun.of("list-blobs", "--json", "--url", url(2));
        assertEquals(ExitCodes.OK, listed.exitCode(), listed.err());
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode blob : JSON.readTree(listed.out())) {
            byId.put(blob.path("blobId").asText(), blob);
        }
        assertEquals("certified", byId.get(id).path("status").asText(), listed.out());
        assertEquals(end, byId.get(id).path("endEpoch").asLong());
        assertEquals(3_000, byId.get(id).path("size").asLong());
        CliRun text = CliRun.of("list-blobs", "--url", url(3));
        assertEquals(ExitCodes.OK, text.exitCode(), text.err());
        assertTrue(text.out().lines().anyMatch(line -> line.startsWith(id) && line.contains("certified")
                && line.contains("end epoch " + end)), text.out());
    }
}
