package io.floe.protocol.gf;

/**
 * The additive FFT over GF(2^16) in the Lin–Chung–Han polynomial basis, as the reference library runs it.
 *
 * <p>It acts on whole symbols: {@code work} holds symbols of {@code width} elements, symbol {@code q} at
 * {@code q * width}, and every butterfly runs element-wise across a symbol. {@code FFT} turns coefficients into
 * evaluations at the points {@code delta ⊕ [0, size)}, {@code IFFT} turns evaluations back into coefficients.
 */
public final class AdditiveFft {
    /** {@code SKEW[i]} is the logarithm of the twiddle factor used at index {@code i}; 65535 means "multiply by zero". */
    static final char[] SKEW = new char[GF16.MODULUS];
    /** The Walsh–Hadamard transform of the log table, used to evaluate error locators. */
    static final int[] LOG_WALSH = new int[GF16.ORDER];

    static {
        int[] skew = new int[GF16.MODULUS];
        int[] temp = new int[15];
        for (int i = 1; i < 16; i++) {
            temp[i - 1] = 1 << i;
        }
        for (int q = 0; q < 15; q++) {
            int step = 1 << (q + 1);
            skew[(1 << q) - 1] = 0;
            for (int i = q; i < 15; i++) {
                int size = 1 << (i + 1);
                for (int j = (1 << q) - 1; j < size; j += step) {
                    skew[j + size] = skew[j] ^ temp[i];
                }
            }
            temp[q] = GF16.MODULUS - GF16.LOG[GF16.mulLog(temp[q], GF16.LOG[temp[q] ^ 1])];
            for (int i = q + 1; i < 15; i++) {
                int sum = GF16.addMod(GF16.LOG[temp[i] ^ 1], temp[q]);
                temp[i] = GF16.mulLog(temp[i], sum);
            }
        }
        // Entry 32767 is never written by the loop and ends as log(0) = 65535, as in the reference library.
        for (int i = 0; i < GF16.MODULUS; i++) {
            SKEW[i] = GF16.LOG[skew[i]];
        }

        for (int i = 0; i < GF16.ORDER; i++) {
            LOG_WALSH[i] = GF16.LOG[i];
        }
        LOG_WALSH[0] = 0;
        walshHadamard(LOG_WALSH, GF16.ORDER);
    }

    private AdditiveFft() {
    }

    /** The twiddle log at index {@code i} (exposed for tests against the specification's check values). */
    public static int skew(int i) {
        return SKEW[i];
    }

    /** Coefficients to evaluations at {@code delta ⊕ [0, size)}, computing only the first {@code trunc} outputs' groups. */
    public static void fft(char[] work, int width, int pos, int size, int trunc, int delta) {
        for (int dist = size >>> 1; dist > 0; dist >>>= 1) {
            for (int r = 0; r < trunc; r += dist << 1) {
                int logFactor = SKEW[r + dist + delta - 1];
                int aStart = (pos + r) * width;
                int bStart = aStart + dist * width;
                GF16.fftButterfly(work, aStart, bStart, dist * width, logFactor);
            }
        }
    }

    /** Evaluations at {@code delta ⊕ [0, size)} to coefficients; inputs past {@code trunc} are zero. */
    public static void ifft(char[] work, int width, int pos, int size, int trunc, int delta) {
        for (int dist = 1; dist < size; dist <<= 1) {
            for (int r = 0; r < trunc; r += dist << 1) {
                int logFactor = SKEW[r + dist + delta - 1];
                int aStart = (pos + r) * width;
                int bStart = aStart + dist * width;
                GF16.ifftButterfly(work, aStart, bStart, dist * width, logFactor);
            }
        }
    }

    /** The formal derivative in the LCH basis, on the first {@code size} coefficients. */
    public static void formalDerivative(char[] work, int width, int size) {
        for (int i = 1; i < size; i++) {
            int span = ((i ^ (i - 1)) + 1) >>> 1;
            GF16.xor(work, (i - span) * width, work, i * width, span * width);
        }
    }

    /** In-place Walsh–Hadamard transform with arithmetic modulo 65535. */
    static void walshHadamard(int[] data, int size) {
        for (int dist = 1; dist < size; dist <<= 1) {
            for (int r = 0; r < size; r += dist << 1) {
                for (int i = r; i < r + dist; i++) {
                    int a = data[i];
                    int b = data[i + dist];
                    data[i] = GF16.addMod(a, b);
                    data[i + dist] = GF16.subMod(a, b);
                }
            }
        }
    }

    /**
     * For every field element {@code x}, the logarithm of {@code ∏ (x ⊕ e)} over the erased points {@code e ≠ x}:
     * the error locator at a point that is not erased, and its derivative at a point that is.
     */
    public static int[] errorLocatorLogs(boolean[] erasedPoints) {
        int[] locations = new int[GF16.ORDER];
        for (int i = 0; i < erasedPoints.length; i++) {
            if (erasedPoints[i]) {
                locations[i] = 1;
            }
        }
        walshHadamard(locations, GF16.ORDER);
        for (int i = 0; i < GF16.ORDER; i++) {
            locations[i] = (int) (((long) locations[i] * LOG_WALSH[i]) % GF16.MODULUS);
        }
        walshHadamard(locations, GF16.ORDER);
        return locations;
    }
}
