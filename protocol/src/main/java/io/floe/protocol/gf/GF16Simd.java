package io.floe.protocol.gf;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GF16}'s bulk operations sixteen elements at a time with the JDK's Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Multiplication by a constant is linear over GF(2), so {@code x · c} is the XOR of the products of
 * {@code x}'s four nibbles, each read from a sixteen-entry table: one vector of sixteen 16-bit lanes per nibble,
 * indexed with a lane-wise shuffle ({@code vpermw} on AVX-512, a few shuffles on AVX2). The tables sit in
 * {@link GF16#productTable}'s entries {@code [512, 576)}. Only used where {@link io.floe.protocol.Simd#ENABLED}
 * holds; tails shorter than a vector go through the byte tables.
 */
final class GF16Simd {
    private static final VectorSpecies<Short> SPECIES = ShortVector.SPECIES_256;
    private static final int LANES = SPECIES.length();
    /** Where the four nibble tables start in a product table. */
    static final int NIBBLES = 512;

    private GF16Simd() {
    }

    /** {@code a ^= b · c; b ^= a} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void fftButterfly(char[] work, int aOff, int bOff, int len, char[] table) {
        ShortVector n0 = nibbleTable(table, 0);
        ShortVector n1 = nibbleTable(table, 1);
        ShortVector n2 = nibbleTable(table, 2);
        ShortVector n3 = nibbleTable(table, 3);
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            ShortVector b = ShortVector.fromCharArray(SPECIES, work, bOff + i);
            ShortVector a = ShortVector.fromCharArray(SPECIES, work, aOff + i).lanewise(VectorOperators.XOR,
                    times(n0, n1, n2, n3, b));
            a.intoCharArray(work, aOff + i);
            a.lanewise(VectorOperators.XOR, b).intoCharArray(work, bOff + i);
        }
        GF16.fftButterflyScalar(work, aOff + bound, bOff + bound, len - bound, table);
    }

    /** {@code b ^= a; a ^= b · c} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void ifftButterfly(char[] work, int aOff, int bOff, int len, char[] table) {
        ShortVector n0 = nibbleTable(table, 0);
        ShortVector n1 = nibbleTable(table, 1);
        ShortVector n2 = nibbleTable(table, 2);
        ShortVector n3 = nibbleTable(table, 3);
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            ShortVector a = ShortVector.fromCharArray(SPECIES, work, aOff + i);
            ShortVector b = ShortVector.fromCharArray(SPECIES, work, bOff + i).lanewise(VectorOperators.XOR, a);
            b.intoCharArray(work, bOff + i);
            a.lanewise(VectorOperators.XOR, times(n0, n1, n2, n3, b)).intoCharArray(work, aOff + i);
        }
        GF16.ifftButterflyScalar(work, aOff + bound, bOff + bound, len - bound, table);
    }

    /** {@code a = a · c} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void mulInPlace(char[] a, int off, int len, char[] table) {
        ShortVector n0 = nibbleTable(table, 0);
        ShortVector n1 = nibbleTable(table, 1);
        ShortVector n2 = nibbleTable(table, 2);
        ShortVector n3 = nibbleTable(table, 3);
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            times(n0, n1, n2, n3, ShortVector.fromCharArray(SPECIES, a, off + i)).intoCharArray(a, off + i);
        }
        GF16.mulScalar(a, off + bound, len - bound, table);
    }

    /** {@code a[aOff + i] ^= b[bOff + i]} for {@code i < len}; the runs may be of one array but do not overlap. */
    static void xor(char[] a, int aOff, char[] b, int bOff, int len) {
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            ShortVector.fromCharArray(SPECIES, a, aOff + i)
                    .lanewise(VectorOperators.XOR, ShortVector.fromCharArray(SPECIES, b, bOff + i))
                    .intoCharArray(a, aOff + i);
        }
        GF16.xorScalar(a, aOff + bound, b, bOff + bound, len - bound);
    }

    /** The products of nibble {@code k}'s sixteen values ({@code v << 4k}) with the table's constant. */
    private static ShortVector nibbleTable(char[] table, int k) {
        return ShortVector.fromCharArray(SPECIES, table, NIBBLES + 16 * k);
    }

    /** {@code x · c}, lane-wise, from {@code c}'s four nibble tables. */
    private static ShortVector times(ShortVector n0, ShortVector n1, ShortVector n2, ShortVector n3, ShortVector x) {
        return n0.rearrange(nibble(x, 0))
                .lanewise(VectorOperators.XOR, n1.rearrange(nibble(x, 4)))
                .lanewise(VectorOperators.XOR, n2.rearrange(nibble(x, 8)))
                .lanewise(VectorOperators.XOR, n3.rearrange(nibble(x, 12)));
    }

    private static VectorShuffle<Short> nibble(ShortVector x, int shift) {
        return x.lanewise(VectorOperators.LSHR, shift).and((short) 0xF).toShuffle();
    }
}
