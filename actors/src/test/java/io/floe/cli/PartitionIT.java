package io.floe.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.client.NodeApiClient;
import io.floe.client.NodeApiClients;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.storage.BlobStatusReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 3, a partition: four {@code floe up} node processes; node 4 is cut off from the other three with an
 * nftables table of this test's own (Artery by address; HTTP by node 4's cgroup, since the JDK HTTP client leaves
 * from 127.0.0.1). Writes on the majority keep certifying; a write through node 4's publisher does not. The split-
 * brain resolver downs node 4, which rejoins in-process. After healing, node 4 holds the certificate and its slivers
 * of every blob written during the partition, and every blob reads back byte-exact.
 *
 * <p>Takes two to three minutes and needs root (nft, cgroups). It runs only with {@code -Dfloe.partition-test=true},
 * not in the long suite: now and then node 4, once downed, never finishes terminating its actor system (Pekko 1.7.0's
 * Artery waits without a deadline for a remoting stream to a peer behind the partition; see the README), so it exits
 * after 60 s instead of rejoining in-process, and this test fails printing the thread dump the node logged.
 */
@EnabledIfSystemProperty(named = "floe.partition-test", matches = "true")
class PartitionIT {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final int CUT = 4;
    private static final int WRITES = 8;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path CGROUP_MOUNT = Path.of("/sys/fs/cgroup");

    @TempDir
    Path dir;

    @Test
    void theCutOffNodeCatchesUpAfterHealing() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        String table = "floepart" + LoopbackAddresses.base();
        String cgroupName = "floe-partition-" + LoopbackAddresses.base();
        String cgroupPath = (Files.exists(CGROUP_MOUNT.resolve("unified/cgroup.procs")) ? "unified/" : "") + cgroupName;
        Path cgroup = CGROUP_MOUNT.resolve(cgroupPath);
        List<Long> pids = new ArrayList<>();
        try (NodeApiClients clients = new NodeApiClients(Duration.ofSeconds(2), Duration.ofSeconds(30))) {
            CliRun up = CliRun.ofJar(dir, Map.of("FLOE_ANTI_ENTROPY_INTERVAL", "2s"), "up", "--nodes",
                    Integer.toString(NODES), "--shards", Integer.toString(SHARDS), "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, up.exitCode(), up.out() + up.err());
            JsonNode nodes = new ObjectMapper().readTree(clusterDir.resolve("cluster.json").toFile()).get("nodes");
            List<String> publishers = new ArrayList<>();
            List<String> nodeApis = new ArrayList<>();
            for (JsonNode node : nodes) {
                pids.add(node.get("pid").asLong());
                publishers.add(node.get("publisherUrl").asText());
                nodeApis.add(node.get("nodeApiUrl").asText());
            }
            Files.createDirectories(cgroup);
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pids.get(CUT - 1)));

            EncodingConfig config = EncodingConfig.forShards(SHARDS);
            Random random = new Random(11);
            Map<BlobId, byte[]> before = writes(publishers.subList(0, NODES), 2, random, config);

            nft(partition(table, cgroupPath));
            Map<BlobId, byte[]> during = writes(publishers.subList(0, NODES - 1), WRITES, random, config);

            Path log = clusterDir.resolve("node-" + CUT).resolve("node.log");
            // Usually 20-40 s; the bound is wide because the long suite runs it on two loaded cores, and a timeout
            // shows the node's last log lines, which say whether it was never downed or did not finish stopping.
            try {
                await("node " + CUT + " is downed and rejoins in-process").atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("rejoining in-process"));
            } catch (ConditionTimeoutException e) {
                // From the thread dump the node logs when its termination hangs, if it did; else the last lines.
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                int from = Math.max(0, lines.size() - 80);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("has not terminated")) {
                        from = Math.min(from, Math.max(0, i - 20));
                        break;
                    }
                }
                fail("node " + CUT + " did not rejoin in-process within 240 s; the end of its log:\n"
                        + String.join("\n", lines.subList(from, lines.size())), e);
            }
            String minority = publishers.get(CUT - 1);
            await("node " + CUT + "'s publisher serves again").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> send(HttpRequest.newBuilder(URI.create(minority + "/v1/blobs?limit=1")).GET())
                            .statusCode() == 200);
            byte[] lost = randomBlob(random);
            HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(URI.create(minority + "/v1/blobs?epochs=5"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(lost)));
            assertEquals(503, refused.statusCode(), new String(refused.body(), StandardCharsets.UTF_8));
            assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("NOT_ENOUGH_SHARDS"));

            nft("delete table inet " + table);

            NodeApiClient cut = clients.forUrl(nodeApis.get(CUT - 1));
            await("node " + CUT + " catches up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().untilAsserted(() -> {
                        for (BlobId blobId : during.keySet()) {
                            BlobStatusReport status = cut.status(blobId);
                            assertEquals("certified", status.status(), blobId.toString());
                            assertTrue(status.complete(), blobId + " slivers " + status.shards());
                        }
                    });
            for (BlobId blobId : during.keySet()) {
                assertEquals(clients.forUrl(nodeApis.get(0)).certificate(blobId), cut.certificate(blobId));
            }
            Map<BlobId, byte[]> all = new LinkedHashMap<>(before);
            all.putAll(during);
            for (Map.Entry<BlobId, byte[]> blob : all.entrySet()) {
                for (String publisher : List.of(minority, publishers.get(0))) {
                    HttpResponse<byte[]> read = send(HttpRequest.newBuilder(URI.create(publisher + "/v1/blobs/"
                            + blob.getKey())).GET());
                    assertEquals(200, read.statusCode(), publisher + " " + blob.getKey());
                    assertArrayEquals(blob.getValue(), read.body(), publisher + " " + blob.getKey());
                }
            }
            HttpResponse<byte[]> lostRead = send(HttpRequest.newBuilder(URI.create(publishers.get(1) + "/v1/blobs/"
                    + ExpandedBlob.encode(config, lost).blobId())).GET());
            if (lostRead.statusCode() == 200) {
                assertArrayEquals(lost, lostRead.body(), "the refused write reads back other bytes");
            }

            CliRun down = CliRun.ofJar(dir, "down", "--dir", clusterDir.toString());
            assertEquals(ExitCodes.OK, down.exitCode(), down.out() + down.err());
        } finally {
            nftQuietly("delete table inet " + table);
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroyForcibly();
                    process.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
            }
            if (Files.isDirectory(cgroup)) {
                Files.delete(cgroup);
            }
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
        }
    }

    /** Node CUT cannot reach the others nor they it; the test still reaches node CUT's publisher. */
    private static String partition(String table, String cgroupPath) {
        String cut = LoopbackAddresses.host(CUT);
        StringBuilder others = new StringBuilder();
        for (int node = 1; node <= NODES; node++) {
            if (node != CUT) {
                others.append(others.length() == 0 ? "" : ", ").append(LoopbackAddresses.host(node));
            }
        }
        String minority = "socket cgroupv2 level 1 \"" + cgroupPath + "\"";
        return String.join("\n",
                "table inet " + table + " {",
                "  chain output { type filter hook output priority 0; policy accept;",
                "    " + minority + " ip daddr { " + others + " } drop",
                "    ip saddr " + cut + " ip daddr { " + others + " } drop",
                "    ip saddr { " + others + " } ip daddr " + cut + " drop",
                "    " + minority + " ip daddr " + cut + " accept",
                "    ip daddr " + cut + " tcp dport " + ClusterDirectory.NODE_API_PORT + " drop",
                "  }",
                "}");
    }

    private Map<BlobId, byte[]> writes(List<String> publishers, int count, Random random, EncodingConfig config)
            throws IOException, InterruptedException {
        Map<BlobId, byte[]> written = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] blob = randomBlob(random);
            String publisher = publishers.get(i % publishers.size());
            HttpResponse<byte[]> stored = send(HttpRequest.newBuilder(URI.create(publisher + "/v1/blobs?epochs=5"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
            assertEquals(200, stored.statusCode(), publisher + ": " + new String(stored.body(),
                    StandardCharsets.UTF_8));
            written.put(ExpandedBlob.encode(config, blob).blobId(), blob);
        }
        return written;
    }

    private static byte[] randomBlob(Random random) {
        byte[] blob = new byte[1024 + random.nextInt(256 * 1024)];
        random.nextBytes(blob);
        return blob;
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void nft(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "nft did not finish");
        assertEquals(0, process.exitValue(), "nft failed (needs root and nftables): " + output + "\n" + script);
    }

    private static void nftQuietly(String script) {
        try {
            Process process = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
            process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
