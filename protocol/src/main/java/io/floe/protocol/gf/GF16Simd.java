package io.floe.protocol.gf;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GF16}'s bulk operations on the JDK's Vector API ({@code jdk.incubator.vector}), as many elements at a time
 * as the machine's preferred vector holds (32 with AVX-512, 16 with AVX2).
 *
 * <p>Multiplication by a constant {@code c} is linear over GF(2): {@code x · c} is the XOR, over the bits of
 * {@code x} that are set, of {@code c · 2^bit}. Each bit of every lane is shifted to the sign and back, which makes
 * the lane all ones or all zeros, masks its constant, and the sixteen are XORed: shifts and logic only, which C2
 * compiles to vector instructions without allocating. (Looking up nibble tables with {@code rearrange} needs
 * {@code toShuffle()}, which JDK 17 does not intrinsify: it allocated about 50 MB per 1 MiB blob encoded and
 * verified, and a node collected that garbage while it encoded, several times slower than alone.)
 *
 * <p>The code is written for C2's escape analysis: the sixteen constants are vectors loaded once per call into
 * locals, the product is spelled out in one method, and the three operations share that loop. A vector passed to a
 * method C2 does not inline (a {@code times} taking the sixteen constants was not inlined) or stored in an array is
 * boxed on the heap again. Only used where {@link io.floe.protocol.Simd#ENABLED} holds; tails shorter than a vector
 * go through the product tables.
 */
final class GF16Simd {
    private static final VectorSpecies<Short> SPECIES = ShortVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int FFT = 0;
    private static final int IFFT = 1;
    private static final int MUL = 2;

    private GF16Simd() {
    }

    /** {@code a ^= b · c; b ^= a} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void fftButterfly(char[] work, int aOff, int bOff, int len, char[] table) {
        int bound = vectors(FFT, work, aOff, bOff, len, table);
        GF16.fftButterflyScalar(work, aOff + bound, bOff + bound, len - bound, table);
    }

    /** {@code b ^= a; a ^= b · c} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void ifftButterfly(char[] work, int aOff, int bOff, int len, char[] table) {
        int bound = vectors(IFFT, work, aOff, bOff, len, table);
        GF16.ifftButterflyScalar(work, aOff + bound, bOff + bound, len - bound, table);
    }

    /** {@code a = a · c} over {@code len} elements, {@code table} being {@code c}'s product table. */
    static void mulInPlace(char[] a, int off, int len, char[] table) {
        int bound = vectors(MUL, a, off, off, len, table);
        GF16.mulScalar(a, off + bound, len - bound, table);
    }

    /** {@code a[aOff + i] ^= b[bOff + i]} for {@code i < len}; the runs may be of one array but do not overlap. */
    static void xor(char[] a, int aOff, char[] b, int bOff, int len) {
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            ShortVector.fromCharArray(SPECIES, a, aOff + i)
                    .lanewise(XOR, ShortVector.fromCharArray(SPECIES, b, bOff + i))
                    .intoCharArray(a, aOff + i);
        }
        GF16.xorScalar(a, aOff + bound, b, bOff + bound, len - bound);
    }

    /** {@code c · 2^bit} in every lane, from {@code c}'s product table (low-byte entries, then high-byte ones). */
    static ShortVector bitProduct(char[] table, int bit) {
        return ShortVector.broadcast(SPECIES, (short) (bit < 8 ? table[1 << bit] : table[256 + (1 << (bit - 8))]));
    }

    /**
     * Operation {@code op} on the whole vectors of {@code [0, len)}; returns where the scalar tail starts. The
     * branches on {@code op} are the same in every iteration.
     */
    private static int vectors(int op, char[] work, int aOff, int bOff, int len, char[] table) {
        ShortVector c0 = bitProduct(table, 0);
        ShortVector c1 = bitProduct(table, 1);
        ShortVector c2 = bitProduct(table, 2);
        ShortVector c3 = bitProduct(table, 3);
        ShortVector c4 = bitProduct(table, 4);
        ShortVector c5 = bitProduct(table, 5);
        ShortVector c6 = bitProduct(table, 6);
        ShortVector c7 = bitProduct(table, 7);
        ShortVector c8 = bitProduct(table, 8);
        ShortVector c9 = bitProduct(table, 9);
        ShortVector c10 = bitProduct(table, 10);
        ShortVector c11 = bitProduct(table, 11);
        ShortVector c12 = bitProduct(table, 12);
        ShortVector c13 = bitProduct(table, 13);
        ShortVector c14 = bitProduct(table, 14);
        ShortVector c15 = bitProduct(table, 15);
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < bound; i += LANES) {
            ShortVector a = ShortVector.fromCharArray(SPECIES, work, aOff + i);
            ShortVector b = ShortVector.fromCharArray(SPECIES, work, bOff + i);
            if (op == IFFT) {
                b = b.lanewise(XOR, a);
                b.intoCharArray(work, bOff + i);
            }
            // p = x · c, bit by bit (bit 0 first; bit 15 is already at the sign).
            ShortVector x = op == MUL ? a : b;
            ShortVector p = x.lanewise(LSHL, 15).lanewise(ASHR, 15).and(c0);
            p = p.lanewise(XOR, x.lanewise(LSHL, 14).lanewise(ASHR, 15).and(c1));
            p = p.lanewise(XOR, x.lanewise(LSHL, 13).lanewise(ASHR, 15).and(c2));
            p = p.lanewise(XOR, x.lanewise(LSHL, 12).lanewise(ASHR, 15).and(c3));
            p = p.lanewise(XOR, x.lanewise(LSHL, 11).lanewise(ASHR, 15).and(c4));
            p = p.lanewise(XOR, x.lanewise(LSHL, 10).lanewise(ASHR, 15).and(c5));
            p = p.lanewise(XOR, x.lanewise(LSHL, 9).lanewise(ASHR, 15).and(c6));
            p = p.lanewise(XOR, x.lanewise(LSHL, 8).lanewise(ASHR, 15).and(c7));
            p = p.lanewise(XOR, x.lanewise(LSHL, 7).lanewise(ASHR, 15).and(c8));
            p = p.lanewise(XOR, x.lanewise(LSHL, 6).lanewise(ASHR, 15).and(c9));
            p = p.lanewise(XOR, x.lanewise(LSHL, 5).lanewise(ASHR, 15).and(c10));
            p = p.lanewise(XOR, x.lanewise(LSHL, 4).lanewise(ASHR, 15).and(c11));
            p = p.lanewise(XOR, x.lanewise(LSHL, 3).lanewise(ASHR, 15).and(c12));
            p = p.lanewise(XOR, x.lanewise(LSHL, 2).lanewise(ASHR, 15).and(c13));
            p = p.lanewise(XOR, x.lanewise(LSHL, 1).lanewise(ASHR, 15).and(c14));
            p = p.lanewise(XOR, x.lanewise(ASHR, 15).and(c15));
            if (op == MUL) {
                p.intoCharArray(work, aOff + i);
            } else {
                a = a.lanewise(XOR, p);
                a.intoCharArray(work, aOff + i);
                if (op == FFT) {
                    a.lanewise(XOR, b).intoCharArray(work, bOff + i);
                }
            }
        }
        return bound;
    }
}
