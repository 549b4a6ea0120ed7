package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.client.NodeApiClient;
import io.floe.client.NodeApiClients;
import io.floe.client.NodeApiJson;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.crypto.StorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.storage.BlobRegistration;
import io.floe.storage.NodeApiException;
import io.floe.storage.SliverBatch;
import io.floe.storage.StoreOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at every HTTP surface answers with the right status code and AIP-193 reason, and stores nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeApiErrorsTest {
    private static final int SHARDS = 10;
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(SHARDS);

    @TempDir
    static Path directory;
    LocalDataPlane plane;
    NodeApiClients clients;
    /** Certified on every node. */
    ExpandedBlob stored;
    /** Registered with metadata on every node, no slivers. */
    ExpandedBlob pending;

    @BeforeAll
    void start() {
        plane = LocalDataPlane.start(directory, 4, SHARDS);
        clients = new NodeApiClients(Duration.ofSeconds(2), Duration.ofSeconds(30));
        byte[] blob = DataPlaneRoundTripTest.randomBlob(20_000, 40);
        stored = ExpandedBlob.encode(CONFIG, blob);
        assertEquals(200, Http.put(plane.node(0).publisherUrl() + "/v1/blobs", blob).status());
        pending = ExpandedBlob.encode(CONFIG, DataPlaneRoundTripTest.randomBlob(20_000, 41));
        for (LocalDataPlane.Node node : plane.nodes()) {
            client(node).register(pending.blobId(), new BlobRegistration(pending.length(), 3,
                    BlobPersistence.permanent()));
            client(node).putMetadata(pending.blobId(), pending.metadata());
        }
    }

    @AfterAll
    void stop() {
        clients.close();
        plane.close();
    }

    private NodeApiClient client(LocalDataPlane.Node node) {
        return clients.forUrl(node.nodeApiUrl());
    }

    private String blobUrl(int node, BlobId blobId) {
        return plane.node(node).nodeApiUrl() + "/v1/blobs/" + blobId;
    }

    /** The node owning {@code pair} of {@code blob}, and one that does not. */
    private int owner(ExpandedBlob blob, int pair) {
        String id = plane.committee().memberOfShard(CONFIG.shardOfPair(pair, blob.blobId())).nodeId();
        return Integer.parseInt(id.substring("node-".length()));
    }

    private static void assertError(int status, String reason, Http.Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(reason, response.reason(), response.toString());
    }

    @Test
    void malformedBlobIdsAre400() {
        for (String path : new String[] {"/status", "/metadata", "/slivers/0/primary", "/certificate"}) {
            assertError(400, "INVALID_BLOB_ID", Http.get(plane.node(1).nodeApiUrl() + "/v1/blobs/not-a-blob-id" + path));
        }
        assertError(400, "INVALID_BLOB_ID", Http.put(plane.node(1).nodeApiUrl()
                + "/v1/blobs/AAAA/metadata", new byte[10]));
        assertError(400, "INVALID_BLOB_ID", Http.get(plane.node(1).publisherUrl() + "/v1/blobs/short"));
    }

    @Test
    void unknownBlobsAre404() {
        BlobId unknown = BlobId.of(new byte[32]);
        assertError(404, "BLOB_NOT_FOUND", Http.get(blobUrl(2, unknown) + "/metadata"));
        assertError(404, "BLOB_NOT_FOUND", Http.get(blobUrl(2, unknown) + "/slivers/3/secondary"));
        assertError(404, "BLOB_NOT_FOUND", Http.get(plane.node(2).publisherUrl() + "/v1/blobs/" + unknown));
        NodeApiException error = assertThrows(NodeApiException.class, () -> client(plane.node(2)).metadata(unknown));
        assertEquals("BLOB_NOT_FOUND", error.reason());
        assertEquals(404, error.httpStatus());
    }

    @Test
    void badBcsIs400() {
        assertError(400, "INVALID_BCS", Http.put(blobUrl(0, pending.blobId()) + "/metadata", new byte[] {7, 7, 7}));
        int pair = 0;
        assertError(400, "INVALID_BCS", Http.put(blobUrl(owner(pending, pair), pending.blobId()) + "/slivers/"
                + pair + "/primary", new byte[] {1, 2, 3}));
        assertError(400, "INVALID_BCS", Http.post(blobUrl(0, stored.blobId()) + "/certificate", new byte[] {0}));
        assertError(400, "INVALID_BCS", Http.post(blobUrl(0, stored.blobId()) + "/inconsistencyProof/primary",
                new byte[] {0}));
    }

    @Test
    void aSliverForAnotherNodesShardIs400ShardNotAssigned() {
        int pair = 1;
        int stranger = (owner(pending, pair) + 1) % 4;
        Http.Response response = Http.put(blobUrl(stranger, pending.blobId()) + "/slivers/" + pair + "/primary",
                pending.sliverPair(pair).primary().toBcs());
        assertError(400, "SHARD_NOT_ASSIGNED", response);
        assertEquals("FAILED_PRECONDITION", response.errorStatus());
        assertError(400, "INDEX_OUT_OF_RANGE", Http.put(blobUrl(0, pending.blobId()) + "/slivers/" + SHARDS
                + "/primary", pending.sliverPair(pair).primary().toBcs()));
    }

    @Test
    void aSliverThatFailsVerificationIs400AndNothingIsStored() {
        int pair = 2;
        int owner = owner(pending, pair);
        Sliver honest = pending.sliverPair(pair).secondary();
        byte[] data = honest.data().clone();
        data[data.length - 1] ^= 0x40;
        Sliver tampered = new Sliver(SliverType.SECONDARY, honest.index(), honest.symbolSize(), data);

        NodeApiException error = assertThrows(NodeApiException.class,
                () -> client(plane.node(owner)).putSliver(pending.blobId(), pair, tampered));
        assertEquals("INVALID_SLIVER", error.reason());
        assertEquals(400, error.httpStatus());
        int shard = CONFIG.shardOfPair(pair, pending.blobId());
        assertFalse(client(plane.node(owner)).status(pending.blobId()).shards().get(shard).secondary());
        assertError(404, "SLIVER_NOT_FOUND", Http.get(blobUrl(owner, pending.blobId()) + "/slivers/" + pair
                + "/secondary"));
        assertError(400, "MISSING_SLIVERS", Http.get(blobUrl(owner, pending.blobId()) + "/confirmation/permanent"));
    }

    @Test
    void aSliverBatchAnswersWithTheConfirmationOnceItsOwnerHoldsEverySliver() {
        ExpandedBlob blob = ExpandedBlob.encode(CONFIG, DataPlaneRoundTripTest.randomBlob(20_000, 42));
        byte[] objectId = new byte[BlobPersistence.OBJECT_ID_LENGTH];
        objectId[0] = 9;
        BlobPersistence deletable = BlobPersistence.deletable(objectId);
        int node = 3; // not node 1, whose shard-sync page the test below counts
        NodeApiClient owner = client(plane.node(node));
        owner.register(blob.blobId(), new BlobRegistration(blob.length(), 3, deletable));
        owner.putMetadata(blob.blobId(), blob.metadata());
        List<SliverBatch.Entry> owned = new ArrayList<>();
        for (int pair = 0; pair < SHARDS; pair++) {
            if (owner(blob, pair) == node) {
                owned.add(new SliverBatch.Entry(pair, blob.sliverPair(pair).primary()));
                owned.add(new SliverBatch.Entry(pair, blob.sliverPair(pair).secondary()));
            }
        }
        assertTrue(owned.size() >= 4, "node 3 owns at least two pairs");
        String url = blobUrl(node, blob.blobId()) + "/slivers";
        byte[] all = SliverBatch.encode(owned);
        String objectIdText = NodeApiJson.base64Url(objectId);
        for (String bad : List.of("?confirm=maybe", "?confirm=deletable", "?objectId=" + objectIdText,
                "?confirm=permanent&objectId=" + objectIdText, "?confirm=deletable&objectId=AAAA")) {
            assertError(400, "INVALID_REQUEST", Http.put(url + bad, all));
        }
        assertTrue(owner.status(blob.blobId()).shards().values().stream()
                .noneMatch(held -> held.primary() || held.secondary()), "a refused batch stores nothing");

        List<SliverBatch.Entry> first = owned.subList(0, 2);
        List<SliverBatch.Entry> rest = owned.subList(2, owned.size());
        assertEquals(Optional.empty(), owner.putSlivers(blob.blobId(), first, deletable), "slivers still missing");
        assertEquals(Optional.empty(), owner.putSlivers(blob.blobId(), rest, BlobPersistence.permanent()),
                "registered as deletable, not permanent");
        SignedStorageConfirmation confirmation = owner.putSlivers(blob.blobId(), rest, deletable).orElseThrow();
        assertEquals(plane.node(node).keys().publicKey(), confirmation.signer());
        assertTrue(confirmation.verify(blob.blobId(), plane.committee().epoch(), deletable));
        assertFalse(confirmation.verify(blob.blobId(), plane.committee().epoch(), BlobPersistence.permanent()));
    }

    @Test
    void oversizedBodiesAre413() {
        int pair = 3;
        int owner = owner(pending, pair);
        long sliverSize = pending.sliverPair(pair).primary().toBcs().length;
        assertError(413, "BODY_TOO_LARGE", Http.put(blobUrl(owner, pending.blobId()) + "/slivers/" + pair
                + "/primary", new byte[(int) sliverSize + 64]));
        assertError(413, "BODY_TOO_LARGE", Http.put(blobUrl(0, pending.blobId()) + "/metadata",
                new byte[66 * SHARDS + 65]));
        // A registration may carry the metadata: 4 KiB plus twice the metadata limit.
        assertError(413, "BODY_TOO_LARGE", Http.putJson(blobUrl(0, pending.blobId()) + "/registration",
                "{\"pad\": \"" + "x".repeat(4096 + 2 * (66 * SHARDS + 64)) + "\"}"));
    }

    @Test
    void aCertificateWithTooLittleWeightIs400InvalidCertificate() {
        Committee committee = plane.committee();
        SignedStorageConfirmation one = client(plane.node(0)).confirmation(stored.blobId(),
                BlobPersistence.permanent());
        Certificate light = Certificate.of(new StorageConfirmation(committee.epoch(), stored.blobId(),
                BlobPersistence.permanent()), List.of(new Certificate.Signer(one.signer(), one.signature())));
        Http.Response response = Http.post(blobUrl(1, stored.blobId()) + "/certificate", light.toBcs());
        assertError(400, "INVALID_CERTIFICATE", response);
        assertError(400, "INVALID_CERTIFICATE", Http.post(blobUrl(1, pending.blobId()) + "/certificate",
                light.toBcs()));
        assertEquals("registered", client(plane.node(1)).status(pending.blobId()).status());
    }

    @Test
    void registrationsAreCheckedAndConflictsRefused() {
        assertError(400, "REGISTRATION_CONFLICT", Http.putJson(blobUrl(0, pending.blobId()) + "/registration",
                "{\"unencodedLength\": 5, \"endEpoch\": 3, \"deletable\": false}"));
        assertError(400, "INVALID_REQUEST", Http.putJson(blobUrl(0, pending.blobId()) + "/registration", "{nope"));
        assertError(400, "INVALID_REQUEST", Http.putJson(blobUrl(0, pending.blobId()) + "/registration",
                "{\"unencodedLength\": 20000, \"endEpoch\": 3, \"deletable\": true}"));
        assertError(400, "INVALID_REQUEST", Http.putJson(blobUrl(0, pending.blobId()) + "/registration",
                "{\"unencodedLength\": 20000, \"endEpoch\": 1, \"deletable\": false}"));
    }

    @Test
    void aRegistrationMayCarryTheMetadataAndBadMetadataRegistersNothing() {
        ExpandedBlob blob = ExpandedBlob.encode(CONFIG, DataPlaneRoundTripTest.randomBlob(20_000, 43));
        ExpandedBlob other = ExpandedBlob.encode(CONFIG, DataPlaneRoundTripTest.randomBlob(20_000, 44));
        String url = blobUrl(2, blob.blobId()) + "/registration";
        String registration = "{\"unencodedLength\": " + blob.length() + ", \"endEpoch\": 3, \"metadata\": \"";
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        assertError(400, "INVALID_METADATA", Http.putJson(url,
                registration + base64.encodeToString(other.metadata().toBcs()) + "\"}"));
        assertError(400, "INVALID_METADATA", Http.putJson(url, "{\"unencodedLength\": " + (blob.length() + 1)
                + ", \"endEpoch\": 3, \"metadata\": \"" + base64.encodeToString(blob.metadata().toBcs()) + "\"}"));
        assertError(400, "INVALID_BCS", Http.putJson(url, registration + base64.encodeToString(new byte[] {1, 2, 3})
                + "\"}"));
        assertError(400, "INVALID_REQUEST", Http.putJson(url, registration + "not base64!\"}"));
        assertError(400, "INVALID_REQUEST", Http.putJson(url, "{\"unencodedLength\": " + blob.length()
                + ", \"endEpoch\": 3, \"metadata\": 7}"));
        NodeApiClient node = client(plane.node(2));
        assertEquals("nonexistent", node.status(blob.blobId()).status(), "bad metadata registers nothing");

        BlobRegistration permanent = new BlobRegistration(blob.length(), 3, BlobPersistence.permanent());
        assertEquals(StoreOutcome.CREATED, node.register(blob.blobId(), permanent, blob.metadata()));
        assertEquals("registered", node.status(blob.blobId()).status());
        assertEquals(blob.metadata(), node.metadata(blob.blobId()).metadata());
        assertEquals(StoreOutcome.UNCHANGED, node.register(blob.blobId(), permanent, blob.metadata()));
    }

    @Test
    void unknownPathsMethodsAndParametersAreJsonErrors() {
        assertError(404, "UNKNOWN_PATH", Http.get(plane.node(0).nodeApiUrl() + "/v2/nothing"));
        assertError(404, "UNKNOWN_PATH", Http.get(blobUrl(0, stored.blobId()) + "/nothing"));
        assertError(405, "METHOD_NOT_ALLOWED", Http.delete(blobUrl(0, stored.blobId()) + "/metadata"));
        assertError(400, "INVALID_REQUEST", Http.get(blobUrl(0, stored.blobId())
                + "/recoverySymbols?targetSliver=1"));
        assertError(400, "INVALID_REQUEST", Http.get(blobUrl(0, stored.blobId()) + "/slivers/1/diagonal"));
        assertError(400, "INVALID_REQUEST", Http.put(plane.node(0).publisherUrl() + "/v1/blobs?epochs=0",
                new byte[3]));
        assertError(400, "INVALID_REQUEST", Http.put(plane.node(0).publisherUrl()
                + "/v1/blobs?deletable=true&permanent=true", new byte[3]));
        assertError(400, "INVALID_REQUEST", Http.delete(plane.node(0).publisherUrl() + "/v1/blobs/"
                + stored.blobId()));
        assertError(405, "METHOD_NOT_ALLOWED", Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                plane.node(0).publisherUrl() + "/v1/blobs/" + stored.blobId()))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody())));
    }

    @Test
    void healthAndCommitteeDescribeTheNode() {
        Http.Response health = Http.get(plane.node(2).nodeApiUrl() + "/v1/health");
        assertEquals("node-2", health.json().path("success").path("data").path("nodeId").asText());
        assertEquals(true, health.json().path("success").path("data").path("ready").asBoolean());
        Http.Response committee = Http.get(plane.node(2).nodeApiUrl() + "/v1/committee");
        assertEquals(SHARDS, committee.json().path("success").path("data").path("nShards").asInt());
        assertEquals(4, committee.json().path("success").path("data").path("members").size());
    }

    @Test
    void shardSyncPagesCheckTheirParameters() {
        int shard = plane.node(1).shards().get(0);
        String base = plane.node(1).nodeApiUrl() + "/v1/shards/";
        assertError(400, "INDEX_OUT_OF_RANGE", Http.get(base + "x/slivers"));
        assertError(400, "INDEX_OUT_OF_RANGE", Http.get(base + SHARDS + "/slivers"));
        assertError(400, "INVALID_BLOB_ID", Http.get(base + shard + "/slivers?after=nope"));
        assertError(400, "INVALID_REQUEST", Http.get(base + shard + "/slivers?limit=1001"));
        assertError(400, "INVALID_REQUEST", Http.get(base + shard + "/slivers?limit=two"));
        assertError(400, "SHARD_NOT_ASSIGNED", Http.get(base + plane.node(2).shards().get(0) + "/slivers"));

        io.floe.storage.ShardSyncPage page = client(plane.node(1)).shardSyncPage(shard, null, 10);
        assertEquals(shard, page.shard());
        assertEquals(1, page.blobs().size(), "only the certified blob, not the pending one");
        assertEquals(stored.blobId(), page.blobs().get(0).blobId());
        assertEquals(1, page.total());
        assertFalse(page.more());
        io.floe.storage.ShardSyncPage after = client(plane.node(1)).shardSyncPage(shard, stored.blobId(), 10);
        assertEquals(List.of(), after.blobs().stream().filter(blob -> blob.blobId().compareTo(stored.blobId()) <= 0)
                .toList());
    }

    @Test
    void shardStatusesAreListed() {
        Http.Response shards = Http.get(plane.node(3).nodeApiUrl() + "/v1/shards");
        assertEquals(200, shards.status(), shards.toString());
        var data = shards.json().path("success").path("data");
        assertEquals("node-3", data.path("nodeId").asText());
        assertEquals(plane.node(3).shards().size(), data.path("owned").size());
        for (var entry : data.path("shards")) {
            assertEquals("ACTIVE", entry.path("status").asText(), entry.toString());
            assertEquals(LocalDataPlane.EPOCH, entry.path("epoch").asLong());
        }
    }
}
