package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.client.BlobAggregator;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiClients;
import io.floe.client.OwnNodeStorage;
import io.floe.client.PublishResult;
import io.floe.metrics.FloeMetrics;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverPair;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.storage.BlobRegistration;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.SliverBatch;
import io.floe.storage.StorageService;
import io.floe.storage.StoreOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's publisher hands its own node's slivers (and status, registration, metadata, confirmation, certificate) to
 * the node in-process: no HTTP request to itself, the same bytes a verified upload stores, still counted in the storage
 * metrics, and a failure of that path costs only that node's part, as an unreachable member's would. 280 shards over 4
 * nodes, so that a node's 70 pairs take two batches of at most 64.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnNodeStorageTest {
    private static final int SHARDS = 280;
    private static final String SLIVERS_ROUTE = "/v1/blobs/{id}/slivers";

    @TempDir
    static Path directory;
    private LocalDataPlane plane;

    @BeforeAll
    void startNodes() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
    }

    @AfterAll
    void stopNodes() {
        if (plane != null) {
            plane.close();
        }
    }

    private static byte[] randomBlob(int size, long seed) {
        byte[] blob = new byte[size];
        new Random(seed).nextBytes(blob);
        return blob;
    }

    /** How many requests of {@code route} the node API of node {@code node} answered with {@code method}. */
    private long nodeApiRequests(int node, String method, String route) {
        MeterRegistry registry = plane.node(node).dataPlane().metrics().registry();
        return registry.find("floe.http.requests").tag("api", "node-api").tag("method", method).tag("route", route)
                .timers().stream().mapToLong(Timer::count).sum();
    }

    private double sliversStored(int node) {
        Counter counter = plane.node(node).dataPlane().metrics().registry().find("floe.storage.slivers.stored")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theOwnNodesSliversAreStoredInProcessAndAreTheBytesAVerifiedUploadStores() {
        byte[] blob = randomBlob(300_000, 1);
        ExpandedBlob expanded = ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), blob);
        BlobId blobId = expanded.blobId();
        long[] sliverRequests = new long[4];
        double[] stored = new double[4];
        for (int node = 0; node < 4; node++) {
            sliverRequests[node] = nodeApiRequests(node, "PUT", SLIVERS_ROUTE);
            stored[node] = sliversStored(node);
        }
        long ownRegistrations = nodeApiRequests(0, "PUT", "/v1/blobs/{id}/registration");
        long ownMetadata = nodeApiRequests(0, "PUT", "/v1/blobs/{id}/metadata");
        long ownStatus = nodeApiRequests(0, "GET", "/v1/blobs/{id}/status");
        long ownCertificates = nodeApiRequests(0, "POST", "/v1/blobs/{id}/certificate");

        Http.Response response = Http.put(plane.node(0).publisherUrl() + "/v1/blobs?epochs=3", blob);
        assertEquals(200, response.status(), response.toString());
        assertEquals(blobId.toString(), response.json().path("newlyCreated").path("blobObject").path("blobId")
                .asText());

        assertEquals(sliverRequests[0], nodeApiRequests(0, "PUT", SLIVERS_ROUTE), "node-0 sent itself slivers");
        assertEquals(ownRegistrations, nodeApiRequests(0, "PUT", "/v1/blobs/{id}/registration"));
        assertEquals(ownMetadata, nodeApiRequests(0, "PUT", "/v1/blobs/{id}/metadata"));
        assertEquals(ownStatus, nodeApiRequests(0, "GET", "/v1/blobs/{id}/status"));
        assertEquals(ownCertificates, nodeApiRequests(0, "POST", "/v1/blobs/{id}/certificate"));
        assertEquals("certified", plane.node(0).dataPlane().storageService().status(blobId).status(),
                "the certificate handed over in-process was verified and persisted");
        for (int node = 1; node < 4; node++) {
            // 70 pairs of about 5 KiB each: two batches of at most 64 pairs.
            assertEquals(70, plane.node(node).shards().size());
            assertEquals(sliverRequests[node] + 2, nodeApiRequests(node, "PUT", SLIVERS_ROUTE), "node-" + node);
        }
        for (int node = 0; node < 4; node++) {
            assertEquals(stored[node] + 2 * plane.node(node).shards().size(), sliversStored(node),
                    "slivers stored on node-" + node + ", in-process or not, count in its metrics");
        }

        StorageService own = plane.node(0).dataPlane().storageService();
        StorageService peer = plane.node(1).dataPlane().storageService();
        BlobMetadata metadata = expanded.metadata();
        EncodingConfig config = expanded.config();
        for (int shard : plane.node(0).shards()) {
            int pair = config.pairOfShard(shard, blobId);
            SliverPair expected = expanded.sliverPair(pair);
            for (Sliver sliver : List.of(own.readSliver(blobId, pair, SliverType.PRIMARY),
                    own.readSliver(blobId, pair, SliverType.SECONDARY))) {
                Sliver encoded = sliver.type() == SliverType.PRIMARY ? expected.primary() : expected.secondary();
                assertEquals(encoded.index(), sliver.index());
                assertArrayEquals(encoded.data(), sliver.data(), "pair " + pair + " " + sliver.type());
                SliverVerifier.verify(metadata, sliver);
            }
        }
        // A peer's slivers came over HTTP and were verified; they are the same encoder's output.
        int peerPair = config.pairOfShard(plane.node(1).shards().get(0), blobId);
        assertArrayEquals(expanded.sliverPair(peerPair).primary().data(),
                peer.readSliver(blobId, peerPair, SliverType.PRIMARY).data());

        Http.Response read = Http.get(plane.node(2).publisherUrl() + "/v1/blobs/" + blobId);
        assertEquals(200, read.status(), read.toString());
        assertArrayEquals(blob, read.body());
    }

    @Test
    void theAggregatorReadsItsOwnNodesSliversInProcessAndFallsBackWhenOneIsMissing() {
        // A blob of which node-0 holds systematic primary slivers, which every read fetches first.
        EncodingConfig config = EncodingConfig.forShards(SHARDS);
        byte[] blob = null;
        BlobId blobId = null;
        int lowestOwnPair = Integer.MAX_VALUE;
        for (long seed = 3; lowestOwnPair >= config.primarySourceSymbols(); seed++) {
            assertTrue(seed < 100, "no blob among 100 puts a systematic sliver on node-0");
            blob = randomBlob(250_000, seed);
            BlobId candidate = ExpandedBlob.encode(config, blob).blobId();
            blobId = candidate;
            lowestOwnPair = plane.node(0).shards().stream().mapToInt(shard -> config.pairOfShard(shard, candidate))
                    .min().orElseThrow();
        }
        Http.Response stored = Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=3", blob);
        assertEquals(200, stored.status(), stored.toString());
        String sliverRoute = "/v1/blobs/{id}/slivers/{n}/primary";
        long[] before = new long[4];
        for (int node = 0; node < 4; node++) {
            before[node] = nodeApiRequests(node, "GET", sliverRoute);
        }

        Http.Response read = Http.get(plane.node(0).publisherUrl() + "/v1/blobs/" + blobId);

        assertEquals(200, read.status(), read.toString());
        assertArrayEquals(blob, read.body());
        assertEquals(before[0], nodeApiRequests(0, "GET", sliverRoute), "node-0's aggregator asked itself over HTTP");
        long fromPeers = 0;
        for (int node = 1; node < 4; node++) {
            fromPeers += nodeApiRequests(node, "GET", sliverRoute) - before[node];
        }
        assertTrue(fromPeers > 0, "the other systematic slivers come from the peers");

        // A sliver missing from node-0 is a failed fetch like any other: the next candidate is read instead.
        int shard = config.shardOfPair(lowestOwnPair, blobId);
        plane.node(0).storage().slivers().deleteBlob(shard, blobId);

        Http.Response again = Http.get(plane.node(0).publisherUrl() + "/v1/blobs/" + blobId);

        assertEquals(200, again.status(), again.toString());
        assertArrayEquals(blob, again.body());
        // Storing the blob again finds node-0 lacking slivers and re-sends it the certificate: it rebuilds them.
        // Waiting for that keeps the rebuild out of the other tests' sliver counts.
        assertEquals(200, Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=3", blob).status());
        BlobId id = blobId;
        await().atMost(Duration.ofSeconds(60)).until(() -> plane.node(0).storage().slivers().has(shard, id,
                SliverType.PRIMARY) && plane.node(0).storage().slivers().has(shard, id, SliverType.SECONDARY));
    }

    @Test
    void aFailingOwnNodeGetsNoMoreSliversAndTheOthersStillCertify() {
        LocalDataPlane.Node node = plane.node(0);
        OwnNodeStorage real = OwnNodeStorage.of(node.dataPlane().storageService());
        AtomicInteger sliverCalls = new AtomicInteger();
        OwnNodeStorage failing = new OwnNodeStorage() {
            @Override
            public String nodeId() {
                return real.nodeId();
            }

            @Override
            public BlobStatusReport status(BlobId blobId) {
                return real.status(blobId);
            }

            @Override
            public StoreOutcome register(BlobId blobId, BlobRegistration registration) {
                return real.register(blobId, registration);
            }

            @Override
            public StoreOutcome storeMetadata(BlobId blobId, BlobMetadata metadata) {
                return real.storeMetadata(blobId, metadata);
            }

            @Override
            public StoreOutcome storeEncodedSlivers(BlobId blobId, List<SliverBatch.Entry> slivers) {
                sliverCalls.incrementAndGet();
                throw new IllegalStateException("disk full");
            }

            @Override
            public SignedStorageConfirmation confirm(BlobId blobId, BlobPersistence persistence) {
                return real.confirm(blobId, persistence);
            }

            @Override
            public StoreOutcome acceptCertificate(BlobId blobId, Certificate certificate) {
                return real.acceptCertificate(blobId, certificate);
            }

            @Override
            public Sliver readStoredSliver(BlobId blobId, int pair, SliverType type) {
                return real.readStoredSliver(blobId, pair, type);
            }
        };
        byte[] blob = randomBlob(200_000, 2);
        long ownSliverRequests = nodeApiRequests(0, "PUT", SLIVERS_ROUTE);
        try (NodeApiClients clients = new NodeApiClients(Duration.ofSeconds(5), Duration.ofSeconds(60))) {
            // One upload at a time, so that the second batch of node-0 starts after the first failed.
            BlobPublisher publisher = new BlobPublisher(node.view(), clients, 1,
                    StorageService.DEFAULT_MAX_EPOCHS_AHEAD, FloeMetrics.disabled(), failing);
            PublishResult result = publisher.store(blob, 2, false);

            assertInstanceOf(PublishResult.NewlyCreated.class, result, result.toString());
            assertEquals(1, sliverCalls.get(), "node-0 failed its first batch and was given no second one");
            assertEquals(ownSliverRequests, nodeApiRequests(0, "PUT", SLIVERS_ROUTE),
                    "no fallback to HTTP for the own node");
            assertArrayEquals(blob, new BlobAggregator(plane.node(3).view(), clients).read(result.blobId()));
        }
    }
}
