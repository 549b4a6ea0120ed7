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

    private static final ThreadLocal<char[]> WORK = ThreadLocal.withInitial(() -> new char[0]);

    /**
     * This thread's work buffer with at least {@code length} elements, the first {@code length} zeroed. Reusing it
     * spares the collector hundreds of megabytes of short-lived buffers per large blob. The holder must not start
     * parallel work while using it: a fork-join thread that waits may run another task that takes the same buffer.
     */
    static char[] workBuffer(int length) {
        char[] work = WORK.get();
        if (work.length < length) {
            work = new char[length];
            WORK.set(work);
        } else {
            java.util.Arrays.fill(work, 0, length, (char) 0);
        }
        return work;
    }

    /** How many elements of each symbol one work buffer of {@code workSymbols} symbols should carry. */
    static int width(int workSymbols) {
        return Math.max(1, TARGET_ELEMENTS / workSymbols);
    }
}
