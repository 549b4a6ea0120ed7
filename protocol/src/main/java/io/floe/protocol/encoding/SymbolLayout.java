package io.floe.protocol.encoding;

import io.floe.protocol.Simd;

/**
 * Converts between a symbol's bytes and its GF(2^16) elements. The reference library does not pair bytes
 * little-endian: within each 64-byte block, element {@code t} has its low byte at {@code t} and its high byte at
 * {@code 32 + t}; a final partial block of {@code T} bytes uses {@code t} and {@code T/2 + t}. Where the Vector API
 * is on, the full blocks go through {@link SymbolLayoutSimd}.
 */
public final class SymbolLayout {
    static final int BLOCK = 64;
    static final boolean SIMD = Simd.ENABLED;

    private SymbolLayout() {
    }

    /** Reads one symbol of {@code symbolSize} bytes into {@code symbolSize / 2} elements. */
    public static void toElements(byte[] src, int srcOff, int symbolSize, char[] dst, int dstOff) {
        int done = SIMD ? SymbolLayoutSimd.toElements(src, srcOff, symbolSize, dst, dstOff) : 0;
        toElementsScalar(src, srcOff, symbolSize, dst, dstOff, done);
    }

    /** {@link #toElements} from byte {@code from} of the symbol, a multiple of the block size, one at a time. */
    static void toElementsScalar(byte[] src, int srcOff, int symbolSize, char[] dst, int dstOff, int from) {
        for (int block = from; block < symbolSize; block += BLOCK) {
            int half = Math.min(BLOCK, symbolSize - block) >>> 1;
            int base = srcOff + block;
            int out = dstOff + (block >>> 1);
            for (int t = 0; t < half; t++) {
                dst[out + t] = (char) ((src[base + t] & 0xFF) | (src[base + half + t] & 0xFF) << 8);
            }
        }
    }

    /** Writes {@code symbolSize / 2} elements as one symbol of {@code symbolSize} bytes. */
    public static void toBytes(char[] src, int srcOff, int symbolSize, byte[] dst, int dstOff) {
        int done = SIMD ? SymbolLayoutSimd.toBytes(src, srcOff, symbolSize, dst, dstOff) : 0;
        toBytesScalar(src, srcOff, symbolSize, dst, dstOff, done);
    }

    /** {@link #toBytes} from byte {@code from} of the symbol, a multiple of the block size, one at a time. */
    static void toBytesScalar(char[] src, int srcOff, int symbolSize, byte[] dst, int dstOff, int from) {
        for (int block = from; block < symbolSize; block += BLOCK) {
            int half = Math.min(BLOCK, symbolSize - block) >>> 1;
            int base = dstOff + block;
            int in = srcOff + (block >>> 1);
            for (int t = 0; t < half; t++) {
                char element = src[in + t];
                dst[base + t] = (byte) element;
                dst[base + half + t] = (byte) (element >>> 8);
            }
        }
    }
}
