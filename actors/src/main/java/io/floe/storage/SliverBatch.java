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
        long size = 5;
        List<byte[]> bodies = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            byte[] body = entry.sliver().toBcs();
            bodies.add(body);
            size += OVERHEAD_PER_ENTRY + body.length;
        }
        BcsWriter writer = new BcsWriter((int) Math.min(Integer.MAX_VALUE - 8, size));
        writer.uleb128(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            writer.u16(entry.pair()).u8(entry.sliver().type() == SliverType.PRIMARY ? 0 : 1).bytes(bodies.get(i));
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
                entries.add(new Entry(pair, Sliver.fromBcs(type, reader.bytes("sliver"))));
            }
            reader.finish("sliver batch");
            return entries;
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS, "body is not a BCS sliver batch: "
                    + e.getMessage());
        }
    }
}
