package io.floe.protocol.encoding;

/**
 * Sizes of the work buffers in which codewords are batched: wide enough to amortise the FFT's loop overhead,
 * small enough to stay in the L2 cache.
 */
final class Strips {
    /** Elements in one work buffer (about 1 MiB). */
    static final int TARGET_ELEMENTS = 1 << 19;

    private Strips() {
    }

    /** How many elements of each symbol one work buffer of {@code workSymbols} symbols should carry. */
    static int width(int workSymbols) {
        return Math.max(1, TARGET_ELEMENTS / workSymbols);
    }
}
