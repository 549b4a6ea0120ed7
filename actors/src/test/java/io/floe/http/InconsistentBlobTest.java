package io.floe.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.client.NodeApiClient;
import io.floe.client.NodeApiClients;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.CertificateBuilder;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.SliverPairHashes;
import io.floe.storage.BlobRegistration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob whose metadata lies about one primary sliver gets certified by the other nodes; the owner of that sliver
 * tries to recover it, finds the blob inconsistent, and its proof makes every node refuse the blob (410 BLOB_INVALID).
 */
class InconsistentBlobTest {
    private static final int SHARDS = 10;
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(SHARDS);
    private static final int LYING_PAIR = 2;

    @TempDir
    Path directory;

    @Test
    void theOwnerOfTheBadSliverProvesTheBlobInvalidToEveryone() {
        ExpandedBlob honest = ExpandedBlob.encode(CONFIG, DataPlaneRoundTripTest.randomBlob(30_000, 50));
        List<SliverPairHashes> hashes = new ArrayList<>(honest.metadata().hashes());
        byte[] forged = hashes.get(LYING_PAIR).primary().clone();
        forged[5] ^= 0x10;
        hashes.set(LYING_PAIR, new SliverPairHashes(forged, hashes.get(LYING_PAIR).secondary()));
        BlobMetadata lying = new BlobMetadata(honest.length(), hashes);
        BlobId blobId = lying.blobId();

        try (LocalDataPlane plane = LocalDataPlane.start(directory, 4, SHARDS);
                NodeApiClients clients = new NodeApiClients(Duration.ofSeconds(2), Duration.ofSeconds(30))) {
            String victimId = plane.committee().memberOfShard(CONFIG.shardOfPair(LYING_PAIR, blobId)).nodeId();
            List<NodeApiClient> nodes = plane.nodes().stream().map(n -> clients.forUrl(n.nodeApiUrl())).toList();
            for (NodeApiClient node : nodes) {
                node.register(blobId, new BlobRegistration(lying.unencodedLength(), 3, BlobPersistence.permanent()));
                node.putMetadata(blobId, lying);
            }
            for (int pair = 0; pair < SHARDS; pair++) {
                NodeApiClient owner = clients.forUrl(plane.committee().memberOfShard(
                        CONFIG.shardOfPair(pair, blobId)).apiUrl());
                owner.putSliver(blobId, pair, honest.sliverPair(pair).secondary());
                if (pair != LYING_PAIR) {
                    owner.putSliver(blobId, pair, honest.sliverPair(pair).primary());
                }
            }
            CertificateBuilder builder = new CertificateBuilder(plane.committee(), blobId,
                    BlobPersistence.permanent());
            for (int i = 0; i < nodes.size(); i++) {
                if (!plane.node(i).nodeId().equals(victimId)) {
                    builder.add(nodes.get(i).confirmation(blobId, BlobPersistence.permanent()));
                }
            }
            Certificate certificate = builder.build();

            for (NodeApiClient node : nodes) {
                node.postCertificate(blobId, certificate);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream()
                    .allMatch(node -> node.status(blobId).status().equals("invalid")));
            Http.Response read = Http.get(plane.node(0).publisherUrl() + "/v1/blobs/" + blobId);
            assertEquals(410, read.status(), read.toString());
            assertEquals("BLOB_INVALID", read.reason());
        }
    }
}
