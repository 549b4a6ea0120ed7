package io.floe.protocol.encoding;

/**
 * Converts between a symbol's bytes and its GF(2^16) elements. The reference library does not pair bytes
 * little-endian: within each 64-byte block, element {@code t} has its low byte at {@code t} and its high byte at
 * {@code 32 + t}; a final partial block of {@code T} bytes uses {@code t} and {@code T/2 + t}.
 */
public final class SymbolLayout {
    private static final int BLOCK = 64;

    private SymbolLayout() {
    }

    /** Reads one symbol of {@code symbolSize} bytes into {@code symbolSize / 2} elements. */
    public static void toElements(byte[] src, int srcOff, int symbolSize, char[] dst, int dstOff) {
        for (int block = 0; block < symbolSize; block += BLOCK) {
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
        for (int block = 0; block < symbolSize; block += BLOCK) {
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
