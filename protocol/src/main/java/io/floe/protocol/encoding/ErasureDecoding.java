package io.floe.protocol.encoding;

import io.floe.protocol.rs.ReedSolomonCode;

/** Decodes many codewords of one code at once, strip by strip on all cores, from any {@code k} positions. */
public final class ErasureDecoding {
    private ErasureDecoding() {
    }

    /**
     * Returns the {@code k} originals, each {@code width} elements: {@code symbols[q]} is position {@code q}'s
     * symbol or null when missing. Present originals are returned as given.
     */
    public static char[][] originals(ReedSolomonCode code, char[][] symbols, int width) {
        int k = code.originals();
        char[][] out = new char[k][];
        boolean[] present = new boolean[code.length()];
        boolean complete = true;
        for (int q = 0; q < code.length(); q++) {
            present[q] = symbols[q] != null;
            if (q < k) {
                out[q] = symbols[q];
                complete &= present[q];
            }
        }
        if (complete) {
            return out;
        }
        ReedSolomonCode.ErasurePattern pattern = code.erasurePattern(present);
        for (int q = 0; q < k; q++) {
            if (out[q] == null) {
                out[q] = new char[width];
            }
        }
        int workSymbols = code.decodeWorkSymbols();
        int strip = Strips.width(workSymbols);
        int strips = (width + strip - 1) / strip;
        Parallel.forEach(strips, t -> {
            int start = t * strip;
            int w = Math.min(strip, width - start);
            char[] work = Strips.workBuffer(workSymbols * w);
            for (int q = 0; q < code.length(); q++) {
                if (present[q]) {
                    System.arraycopy(symbols[q], start, work, code.pointOf(q) * w, w);
                }
            }
            code.decodeOriginals(pattern, work, w);
            for (int q = 0; q < k; q++) {
                if (!present[q]) {
                    System.arraycopy(work, code.pointOf(q) * w, out[q], start, w);
                }
            }
        });
        return out;
    }
}
