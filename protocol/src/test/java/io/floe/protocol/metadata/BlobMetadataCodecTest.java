package io.floe.protocol.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BCS forms of SPEC section 5, byte for byte, and strict rejection of anything else. */
class BlobMetadataCodecTest {
    private static BlobMetadata sample() {
        List<SliverPairHashes> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            Arrays.fill(a, (byte) i);
            Arrays.fill(b, (byte) (0x10 + i));
            pairs.add(new SliverPairHashes(a, b));
        }
        return new BlobMetadata(0x0102, pairs);
    }

    @Test
    void metadataLayoutIsVersionEncodingLengthCountAndTaggedHashes() {
        byte[] bcs = sample().toBcs();
        assertEquals(2 + 8 + 1 + 4 * 66, bcs.length);
        assertEquals("0001" + "0201000000000000" + "04" + "01" + "00".repeat(32) + "01" + "10".repeat(32),
                HexFormat.of().formatHex(Arrays.copyOf(bcs, 2 + 8 + 1 + 66)));
        assertEquals(sample(), BlobMetadata.fromBcs(bcs));
    }

    @Test
    void malformedMetadataIsRejected() {
        byte[] good = sample().toBcs();
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(Arrays.copyOf(good, good.length - 1)));
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(Arrays.copyOf(good, good.length + 1)));
        byte[] version = good.clone();
        version[0] = 1;
        assertTrue(assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(version)).getMessage().contains("version"));
        byte[] encoding = good.clone();
        encoding[1] = 0;
        assertTrue(assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(encoding)).getMessage().contains("encoding"));
        byte[] tag = good.clone();
        tag[11] = 0;
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(tag));
        byte[] shards = good.clone();
        shards[10] = 3;
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(shards));
        byte[] hugeCount = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0x03};
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(hugeCount));
        assertThrows(BcsException.class, () -> BlobMetadata.fromBcs(new byte[0]));
    }

    @Test
    void metadataWithIdIsCheckedAgainstItsHash() {
        ExpandedBlob expanded = ExpandedBlob.encode(EncodingConfig.forShards(4), "hello world".getBytes(StandardCharsets.UTF_8));
        VerifiedBlobMetadata verified = new VerifiedBlobMetadata(expanded.blobId(), expanded.metadata());
        byte[] bcs = verified.toBcs();
        assertArrayEquals(expanded.blobId().toBytes(), Arrays.copyOf(bcs, 32));
        assertEquals(verified, VerifiedBlobMetadata.fromBcs(bcs));
        byte[] wrongId = bcs.clone();
        wrongId[0] ^= 1;
        assertThrows(BcsException.class, () -> VerifiedBlobMetadata.fromBcs(wrongId));
        assertThrows(IllegalArgumentException.class,
                () -> new VerifiedBlobMetadata(BlobId.of(new byte[32]), expanded.metadata()));
    }

    @Test
    void sliverDataFollowsTheSpecExampleAndRejectsBadInput() {
        ExpandedBlob expanded = ExpandedBlob.encode(EncodingConfig.forShards(4), "hello world".getBytes(StandardCharsets.UTF_8));
        byte[] bcs = expanded.primarySliver(0).toBcs();
        assertEquals("0668656c6c6f2002000000", HexFormat.of().formatHex(bcs));
        assertEquals(expanded.primarySliver(0), Sliver.fromBcs(SliverType.PRIMARY, bcs));
        // Truncated, trailing bytes, odd symbol size, data not a multiple of the symbol size, overlong length.
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, Arrays.copyOf(bcs, bcs.length - 1)));
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, Arrays.copyOf(bcs, bcs.length + 1)));
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, HexFormat.of().parseHex("0668656c6c6f2003000000")));
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, HexFormat.of().parseHex("0568656c6c6f02000000")));
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, HexFormat.of().parseHex("ffffffff0f00")));
        assertThrows(BcsException.class, () -> Sliver.fromBcs(SliverType.PRIMARY, HexFormat.of().parseHex("8000")));
    }
}
