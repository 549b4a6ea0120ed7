package io.floe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverPair;
import io.floe.protocol.encoding.SliverType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sliver batch body (docs/node-api.md): its bytes, its round trip, and what a malformed one gets. */
class SliverBatchTest {
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(10);

    @Test
    void encodesAVectorOfPairTypeAndLengthPrefixedSliverDataAndDecodesBack() {
        Random random = new Random(3);
        for (int round = 0; round < 40; round++) {
            int blobLength = round < 2 ? round : random.nextInt(3000);
            int pairs = round == 2 ? 0 : random.nextInt(11);
            roundTrip(entries(blobLength, pairs, random.nextLong()));
        }
    }

    private static void roundTrip(List<SliverBatch.Entry> entries) {

        BcsWriter expected = new BcsWriter().uleb128(entries.size());
        for (SliverBatch.Entry entry : entries) {
            expected.u16(entry.pair()).u8(entry.sliver().type() == SliverType.PRIMARY ? 0 : 1)
                    .bytes(entry.sliver().toBcs());
        }
        byte[] body = SliverBatch.encode(entries);
        assertArrayEquals(expected.toByteArray(), body);
        assertEquals(entries, SliverBatch.decode(body));
    }

    @Test
    void aSliverWhoseLengthPrefixDisagreesWithItsBcsIsRefusedAsBadBcs() {
        List<SliverBatch.Entry> entries = entries(1000, 2, 7);
        Sliver first = entries.get(0).sliver();
        for (int delta : new int[] {-1, 1, 3}) {
            BcsWriter body = new BcsWriter().uleb128(entries.size());
            for (SliverBatch.Entry entry : entries) {
                int length = entry.sliver().bcsLength() + (entry.sliver() == first ? delta : 0);
                body.u16(entry.pair()).u8(entry.sliver().type() == SliverType.PRIMARY ? 0 : 1).uleb128(length);
                entry.sliver().writeBcs(body);
            }
            NodeApiException e = assertThrows(NodeApiException.class, () -> SliverBatch.decode(body.toByteArray()));
            assertEquals(ErrorReason.INVALID_BCS, e.reason(), "length off by " + delta);
            assertEquals(400, e.httpStatus());
        }
    }

    @Test
    void truncatedTrailingDuplicatedOrUnknownTypedBatchesAreRefusedAsBadBcs() {
        List<SliverBatch.Entry> entries = entries(1000, 2, 7);
        byte[] body = SliverBatch.encode(entries);
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(Arrays.copyOf(body, body.length - 1));
        malformed.add(Arrays.copyOf(body, body.length + 1));
        malformed.add(SliverBatch.encode(List.of(entries.get(0), entries.get(0))));
        byte[] unknownType = body.clone();
        unknownType[1 + 2] = 2;
        malformed.add(unknownType);
        byte[] hugeLength = new BcsWriter().uleb128(1).u16(0).u8(0).uleb128(Integer.MAX_VALUE).toByteArray();
        malformed.add(hugeLength);
        for (byte[] bad : malformed) {
            NodeApiException e = assertThrows(NodeApiException.class, () -> SliverBatch.decode(bad));
            assertEquals(ErrorReason.INVALID_BCS, e.reason());
            assertTrue(e.getMessage().contains("sliver batch"), e.getMessage());
        }
    }

    /** Both slivers of the first {@code pairs} pairs of a random blob. */
    private static List<SliverBatch.Entry> entries(int blobLength, int pairs, long seed) {
        byte[] bytes = new byte[blobLength];
        new Random(seed).nextBytes(bytes);
        ExpandedBlob blob = ExpandedBlob.encode(CONFIG, bytes);
        List<SliverBatch.Entry> entries = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            SliverPair slivers = blob.sliverPair(pair);
            entries.add(new SliverBatch.Entry(pair, slivers.primary()));
            entries.add(new SliverBatch.Entry(pair, slivers.secondary()));
        }
        return entries;
    }
}
