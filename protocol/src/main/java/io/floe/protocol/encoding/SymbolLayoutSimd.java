package io.floe.protocol.encoding;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.OR;
import static jdk.incubator.vector.VectorOperators.S2B;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SymbolLayout}'s full 64-byte blocks on the Vector API: the 32 low bytes of a block and its 32 high bytes are
 * each one byte vector widened to (or narrowed from) one vector of elements, 32 elements at a time with AVX-512 and
 * 16 with AVX2 ({@code vpmovsxbw} and {@code vpmovwb}). Only used where {@link io.floe.protocol.Simd#ENABLED} holds;
 * the partial block at the end of a symbol stays with the scalar loop.
 */
final class SymbolLayoutSimd {
    private static final VectorSpecies<Short> ELEMENTS = ShortVector.SPECIES_PREFERRED.length() > 32
            ? ShortVector.SPECIES_512 : ShortVector.SPECIES_PREFERRED;
    private static final int LANES = ELEMENTS.length();
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));
    private static final int HALF = SymbolLayout.BLOCK / 2;

    private SymbolLayoutSimd() {
    }

    /** Converts the full blocks of one symbol like {@link SymbolLayout#toElements}; returns the bytes converted. */
    static int toElements(byte[] src, int srcOff, int symbolSize, char[] dst, int dstOff) {
        int full = symbolSize - symbolSize % SymbolLayout.BLOCK;
        for (int block = 0; block < full; block += SymbolLayout.BLOCK) {
            int base = srcOff + block;
            int out = dstOff + (block >>> 1);
            for (int t = 0; t < HALF; t += LANES) {
                ShortVector low = (ShortVector) ByteVector.fromArray(BYTES, src, base + t).convertShape(B2S, ELEMENTS, 0);
                ShortVector high =
                        (ShortVector) ByteVector.fromArray(BYTES, src, base + HALF + t).convertShape(B2S, ELEMENTS, 0);
                low.lanewise(AND, (short) 0xFF).lanewise(OR, high.lanewise(LSHL, 8)).intoCharArray(dst, out + t);
            }
        }
        return full;
    }

    /** Converts the full blocks of one symbol like {@link SymbolLayout#toBytes}; returns the bytes converted. */
    static int toBytes(char[] src, int srcOff, int symbolSize, byte[] dst, int dstOff) {
        int full = symbolSize - symbolSize % SymbolLayout.BLOCK;
        for (int block = 0; block < full; block += SymbolLayout.BLOCK) {
            int base = dstOff + block;
            int in = srcOff + (block >>> 1);
            for (int t = 0; t < HALF; t += LANES) {
                ShortVector elements = ShortVector.fromCharArray(ELEMENTS, src, in + t);
                ((ByteVector) elements.convertShape(S2B, BYTES, 0)).intoArray(dst, base + t);
                ((ByteVector) elements.lanewise(LSHR, 8).convertShape(S2B, BYTES, 0)).intoArray(dst, base + HALF + t);
            }
        }
        return full;
    }
}
