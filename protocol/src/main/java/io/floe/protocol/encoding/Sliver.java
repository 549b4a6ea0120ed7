package io.floe.protocol.encoding;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.Arrays;

/**
 * One sliver: a row ({@link SliverType#PRIMARY}, {@code s} symbols) or a column ({@link SliverType#SECONDARY},
 * {@code p} symbols) of a blob's expanded matrix, with its symbol size and sliver index.
 */
public final class Sliver {
    private final SliverType type;
    private final int index;
    private final int symbolSize;
    private final byte[] data;

    public Sliver(SliverType type, int index, int symbolSize, byte[] data) {
        if (symbolSize <= 0 || symbolSize > EncodingConfig.MAX_SYMBOL_SIZE || (symbolSize & 1) != 0) {
            throw new IllegalArgumentException("symbol size must be even and in [2, 65534], got " + symbolSize);
        }
        if (data.length % symbolSize != 0) {
            throw new IllegalArgumentException("sliver of " + data.length + " bytes is not a whole number of "
                    + symbolSize + "-byte symbols");
        }
        if (index < 0 || index > 0xFFFF) {
            throw new IllegalArgumentException("sliver index out of range: " + index);
        }
        this.type = type;
        this.index = index;
        this.symbolSize = symbolSize;
        this.data = data;
    }

    public SliverType type() {
        return type;
    }

    /** The sliver index (row for primary, column for secondary), not the pair index. */
    public int index() {
        return index;
    }

    public int symbolSize() {
        return symbolSize;
    }

    public int symbolCount() {
        return data.length / symbolSize;
    }

    /** The sliver's bytes (not copied: treat as read-only). */
    public byte[] data() {
        return data;
    }

    /** The sliver pair this sliver belongs to, for {@code n} shards. */
    public int pairIndex(int shards) {
        return type.pairOfSliverIndex(index, shards);
    }

    /** BCS {@code SliverData}: {@code uleb len ‖ bytes ‖ u16 symbolSize ‖ u16 sliverIndex}. */
    public byte[] toBcs() {
        return writeBcs(new BcsWriter(bcsLength())).toByteArray();
    }

    /** The length of {@link #toBcs()}. */
    public int bcsLength() {
        return BcsWriter.uleb128Length(data.length) + data.length + 4;
    }

    /** Writes {@link #toBcs()} to {@code writer}, without an intermediate array. */
    public BcsWriter writeBcs(BcsWriter writer) {
        return writer.bytes(data).u16(symbolSize).u16(index);
    }

    /** Parses BCS {@code SliverData} of a known type; rejects trailing bytes and inconsistent sizes. */
    public static Sliver fromBcs(SliverType type, byte[] bcs) {
        BcsReader reader = new BcsReader(bcs);
        Sliver sliver = readBcs(type, reader);
        reader.finish("sliver");
        return sliver;
    }

    /** Reads one BCS {@code SliverData} of a known type at {@code reader}'s position, copying its bytes once. */
    public static Sliver readBcs(SliverType type, BcsReader reader) {
        byte[] data = reader.bytes("sliver data");
        int symbolSize = reader.u16("symbol size");
        int index = reader.u16("sliver index");
        try {
            return new Sliver(type, index, symbolSize, data);
        } catch (IllegalArgumentException e) {
            throw new BcsException("invalid sliver: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sliver other && type == other.type && index == other.index
                && symbolSize == other.symbolSize && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + index) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Sliver[" + type.pathName() + " " + index + ", " + data.length + " bytes, symbol " + symbolSize + "]";
    }
}
