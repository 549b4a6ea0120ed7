package io.floe.protocol.metadata;

import java.util.Arrays;
import java.util.HexFormat;

/** The Merkle roots of one sliver pair: of expanded row {@code i} (primary) and expanded column {@code n-1-i}. */
public final class SliverPairHashes {
    public static final int HASH_LENGTH = 32;
    private final byte[] primary;
    private final byte[] secondary;

    public SliverPairHashes(byte[] primary, byte[] secondary) {
        if (primary.length != HASH_LENGTH || secondary.length != HASH_LENGTH) {
            throw new IllegalArgumentException("sliver hashes are 32 bytes each");
        }
        this.primary = primary.clone();
        this.secondary = secondary.clone();
    }

    public byte[] primary() {
        return primary.clone();
    }

    public byte[] secondary() {
        return secondary.clone();
    }

    /** The hash for a sliver of the given type in this pair. */
    public byte[] of(io.floe.protocol.encoding.SliverType type) {
        return type == io.floe.protocol.encoding.SliverType.PRIMARY ? primary() : secondary();
    }

    /** {@code primary ‖ secondary}: the data of this pair's leaf in the metadata tree. */
    byte[] concatenated() {
        byte[] out = new byte[2 * HASH_LENGTH];
        System.arraycopy(primary, 0, out, 0, HASH_LENGTH);
        System.arraycopy(secondary, 0, out, HASH_LENGTH, HASH_LENGTH);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliverPairHashes other && Arrays.equals(primary, other.primary)
                && Arrays.equals(secondary, other.secondary);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(primary) + Arrays.hashCode(secondary);
    }

    @Override
    public String toString() {
        return "[" + HexFormat.of().formatHex(primary) + ", " + HexFormat.of().formatHex(secondary) + "]";
    }
}
