package io.floe.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process is SIGKILLed in the middle of a stream of writes to a {@code floe up} cluster: every acknowledged
 * blob still reads back byte-exact from a survivor, and no read of a failed write returns other bytes.
 */
class KillDuringWritesIT {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final int WRITES = 40;
    private static final int KILL_AFTER = WRITES / 3;
    private static final int KILLED = 4;
    private static final Duration WRITE_PHASE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    /** One client operation of the history, timed with {@link System#nanoTime()}. */
    private record Operation(int index, String publisher, long invokedNanos, long completedNanos, boolean ok,
            String outcome, String blobId, byte[] blob) {
    }

    @Test
    void acknowledgedBlobsSurviveASigkilledNode() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        List<Long> pids = new ArrayList<>();
        try {
            CliRun up = floe("up", "--nodes", Integer.toString(NODES), "--shards", Integer.toString(SHARDS),
                    "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, up.exitCode(), up.out() + up.err());
            JsonNode nodes = new ObjectMapper().readTree(clusterDir.resolve("cluster.json").toFile()).get("nodes");
            List<String> publishers = new ArrayList<>();
            for (JsonNode node : nodes) {
                pids.add(node.get("pid").asLong());
                publishers.add(node.get("publisherUrl").asText());
            }
            assertEquals(NODES, publishers.size());

            EncodingConfig config = EncodingConfig.forShards(SHARDS);
            Random random = new Random(7);
            List<Operation> history = new ArrayList<>();
            long deadline = System.nanoTime() + WRITE_PHASE.toNanos();
            for (int i = 0; i < WRITES && System.nanoTime() < deadline; i++) {
                if (i == KILL_AFTER) {
                    ProcessHandle victim = ProcessHandle.of(pids.get(KILLED - 1)).orElseThrow();
                    victim.destroyForcibly();
                    victim.onExit().get(20, TimeUnit.SECONDS);
                }
                int survivors = i >= KILL_AFTER ? NODES - 1 : NODES;
                String publisher = publishers.get(i % survivors);
                byte[] blob = new byte[1024 + random.nextInt(512 * 1024 - 1024 + 1)];
                random.nextBytes(blob);
                history.add(write(i, publisher, blob, config));
            }

            assertEquals(WRITES, history.size(), "the writes did not finish within " + WRITE_PHASE);
            long acknowledged = history.stream().filter(Operation::ok).count();
            assertTrue(history.stream().skip(KILL_AFTER).anyMatch(Operation::ok),
                    "no write succeeded after the kill: " + summary(history));
            for (Operation operation : history) {
                String reader = publishers.get(operation.index() % (NODES - 1));
                if (operation.ok()) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        HttpResponse<byte[]> read = read(reader, operation.blobId());
                        assertEquals(200, read.statusCode(), operation.index() + ": " + operation.outcome());
                        assertArrayEquals(operation.blob(), read.body(), "write " + operation.index() + " bytes");
                    });
                } else {
                    HttpResponse<byte[]> read = read(reader, operation.blobId());
                    if (read.statusCode() == 200) {
                        assertArrayEquals(operation.blob(), read.body(), "failed write " + operation.index()
                                + " reads back other bytes");
                    }
                }
            }
            System.out.println("kill during writes: " + acknowledged + " of " + history.size()
                    + " acknowledged; " + summary(history));

            CliRun down = floe("down", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, down.exitCode(), down.out() + down.err());
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (int node = 1; node <= NODES; node++) {
                Path pidFile = clusterDir.resolve("node-" + node + "/pid");
                if (Files.exists(pidFile)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
        }
    }

    private static Operation write(int index, String publisher, byte[] blob, EncodingConfig config) {
        String blobId = ExpandedBlob.encode(config, blob).blobId().toString();
        long invoked = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(publisher + "/v1/blobs?epochs=5&permanent=true"))
                    .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long completed = System.nanoTime();
            JsonNode body = response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()) : null;
            boolean ok = body != null && (body.has("newlyCreated") || body.has("alreadyCertified"));
            if (ok) {
                String reported = body.has("newlyCreated")
                        ? body.path("newlyCreated").path("blobObject").path("blobId").asText()
                        : body.path("alreadyCertified").path("blobId").asText();
                assertEquals(blobId, reported, "the publisher reports another blob ID");
            }
            return new Operation(index, publisher, invoked, completed, ok, Integer.toString(response.statusCode()),
                    blobId, blob);
        } catch (IOException | InterruptedException e) {
            return new Operation(index, publisher, invoked, System.nanoTime(), false, e.toString(), blobId, blob);
        }
    }

    private static HttpResponse<byte[]> read(String publisher, String blobId) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(publisher + "/v1/blobs/" + blobId))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String summary(List<Operation> history) {
        StringBuilder text = new StringBuilder();
        long start = history.isEmpty() ? 0 : history.get(0).invokedNanos();
        for (Operation operation : history) {
            text.append(String.format("%n  #%d %s invoke=%dms %s=%dms %s", operation.index(), operation.publisher(),
                    (operation.invokedNanos() - start) / 1_000_000, operation.ok() ? "ok" : "fail",
                    (operation.completedNanos() - start) / 1_000_000, operation.outcome()));
        }
        return text.toString();
    }

    private CliRun floe(String... args) throws IOException, InterruptedException {
        return CliRun.ofJar(dir, args);
    }
}
