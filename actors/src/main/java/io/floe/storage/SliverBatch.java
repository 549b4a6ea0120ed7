package io.floe.storage;

import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.util.ArrayList;
import java.util.List;

/**
 * Several slivers of one blob in one request body (Floe's {@code PUT /v1/blobs/{id}/slivers}, docs/node-api.md): a
 * BCS vector of {@code (u16 pair, u8 type, vector<u8> SliverData)}, type 0 primary and 1 secondary. A publisher sends
 * a node all the slivers it owns of a small blob in one request instead of two per shard.
 */
public final class SliverBatch {
    /** Bytes a batch adds around its slivers' own BCS: the count, and per entry pair, type and length. */
    public static final int OVERHEAD_PER_ENTRY = 2 + 1 + 5;

    /** One sliver of the batch and the pair it belongs to. */
    public record Entry(int pair, Sliver sliver) {
    }

    private SliverBatch() {
    }

    /** The BCS body of {@code entries}. */
    public static byte[] encode(List<Entry> entries) {
        long size = BcsWriter.uleb128Length(entries.size());
        for (Entry entry : entries) {
            int length = entry.sliver().bcsLength();
            size += 2 + 1 + BcsWriter.uleb128Length(length) + length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a sliver batch of " + size + " bytes does not fit in one request");
        }
        // Sized exactly, so each sliver is copied once, into the array that is returned.
        BcsWriter writer = new BcsWriter((int) size);
        writer.uleb128(entries.size());
        for (Entry entry : entries) {
            Sliver sliver = entry.sliver();
            writer.u16(entry.pair()).u8(sliver.type() == SliverType.PRIMARY ? 0 : 1).uleb128(sliver.bcsLength());
            sliver.writeBcs(writer);
        }
        return writer.toByteArray();
    }

    /**
     * Parses a batch body.
     *
     * @throws NodeApiException 400 {@code INVALID_BCS} for a malformed body, an unknown sliver type, trailing
     *     bytes or a sliver given twice
     */
    public static List<Entry> decode(byte[] body) {
        try {
            BcsReader reader = new BcsReader(body);
            int count = reader.uleb128("sliver count");
            if (count > body.length / OVERHEAD_PER_ENTRY) {
                throw new IllegalArgumentException("claims " + count + " slivers in " + body.length + " bytes");
            }
            List<Entry> entries = new ArrayList<>(count);
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < count; i++) {
                int pair = reader.u16("pair index");
                int typeCode = reader.u8("sliver type");
                if (typeCode > 1) {
                    throw new IllegalArgumentException("sliver type " + typeCode + " is neither 0 (primary) nor 1"
                            + " (secondary)");
                }
                SliverType type = typeCode == 0 ? SliverType.PRIMARY : SliverType.SECONDARY;
                if (!seen.add(((long) pair << 1) | typeCode)) {
                    throw new IllegalArgumentException("the " + type.pathName() + " sliver of pair " + pair
                            + " is given twice");
                }
                int length = reader.uleb128("sliver length");
                int start = reader.position();
                if (length > reader.remaining()) {
                    throw new IllegalArgumentException("the " + type.pathName() + " sliver of pair " + pair
                            + " claims " + length + " bytes, " + reader.remaining() + " are left");
                }
                Sliver sliver = Sliver.readBcs(type, reader);
                if (reader.position() - start != length) {
                    throw new IllegalArgumentException("the " + type.pathName() + " sliver of pair " + pair
                            + " is " + (reader.position() - start) + " bytes of BCS, its length says " + length);
                }
                entries.add(new Entry(pair, sliver));
            }
            reader.finish("sliver batch");
            return entries;
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS, "body is not a BCS sliver batch: "
                    + e.getMessage());
        }
    }
}
