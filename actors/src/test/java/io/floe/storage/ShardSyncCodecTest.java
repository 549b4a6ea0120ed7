package io.floe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.NodeKeyPair;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.crypto.StorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.shard.ShardStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardSyncCodecTest {

    @Test
    void shardStatesRoundTrip() {
        BlobId cursor = BlobId.of(new byte[32]);
        for (ShardState state : List.of(ShardState.of(7, ShardStatus.ACTIVE, 1),
                ShardState.syncing(3, 2, "node-0").progressed(Optional.of(cursor), 64, 1, 1000),
                ShardState.of(65535, ShardStatus.LOCKED_TO_MOVE, 9),
                ShardState.of(0, ShardStatus.ACTIVE_RECOVER, 4).progressed(Optional.empty(), 3, 3, 0))) {
            assertEquals(state, ShardSyncCodec.decodeState(ShardSyncCodec.encodeState(state)));
        }
        assertThrows(IllegalArgumentException.class, () -> ShardSyncCodec.decodeState(new byte[] {8, -1}));
        assertThrows(IllegalArgumentException.class, () -> ShardSyncCodec.decodeState(new byte[0]),
                "a state without a status is refused");
    }

    @Test
    void pagesRoundTripWithTheirSliversAsSent() {
        EncodingConfig config = EncodingConfig.forShards(4);
        ExpandedBlob blob = ExpandedBlob.encode(config, new byte[] {1, 2, 3});
        NodeKeyPair keys = NodeKeyPair.generate();
        byte[] objectId = new byte[32];
        objectId[0] = 9;
        BlobPersistence deletable = BlobPersistence.deletable(objectId);
        StorageConfirmation confirmation = new StorageConfirmation(1, blob.blobId(), deletable);
        Certificate certificate = Certificate.of(confirmation, List.of(new Certificate.Signer(keys.publicKey(),
                SignedStorageConfirmation.sign(keys, confirmation).signedMessage().signature())));
        SyncedBlob entry = new SyncedBlob(blob.blobId(), blob.metadata(), certificate, 5, deletable,
                blob.sliverPair(0).primary().toBcs(), null);
        ShardSyncPage page = new ShardSyncPage(2, List.of(entry), Optional.of(blob.blobId()), true, 17);

        ShardSyncPage decoded = ShardSyncCodec.decodePage(ShardSyncCodec.encodePage(page));

        assertEquals(2, decoded.shard());
        assertEquals(page.cursor(), decoded.cursor());
        assertEquals(17, decoded.total());
        assertEquals(true, decoded.more());
        SyncedBlob back = decoded.blobs().get(0);
        assertEquals(blob.blobId(), back.blobId());
        assertEquals(blob.metadata(), back.metadata());
        assertEquals(certificate, back.certificate());
        assertEquals(5, back.endEpoch());
        assertEquals(deletable, back.persistence());
        assertArrayEquals(entry.primary(), back.primary());
        assertEquals(0, back.secondary().length);
        assertThrows(IllegalArgumentException.class, () -> ShardSyncCodec.decodePage(new byte[] {18, 3, 10, 1, 1}),
                "a blob ID of one byte is refused");
    }
}
