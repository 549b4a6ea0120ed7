package io.floe.protocol.gf;

import io.floe.protocol.Simd;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Arithmetic in GF(2^16) exactly as the reference Reed–Solomon library (Leopard / reed-solomon-simd) does it:
 * polynomial 0x1002D, elements written in the Cantor basis, multiplication through log/exp tables.
 *
 * <p>Addition is XOR. Logarithms live in {@code [0, 65535)}; {@code 65535} stands for "log of zero" where
 * the additive FFT uses it as a marker to skip a multiplication.
 */
public final class GF16 {
    public static final int ORDER = 65536;
    public static final int MODULUS = 65535;
    private static final int POLYNOMIAL = 0x1002D;
    private static final int[] CANTOR_BASIS = {
        0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
        0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E,
    };

    /** {@code EXP[l]} is the element whose logarithm is {@code l}. */
    static final char[] EXP = new char[ORDER];
    /** {@code LOG[x]} is the logarithm of element {@code x} ({@code LOG[0] = 65535}). */
    static final char[] LOG = new char[ORDER];

    static {
        int[] exp = new int[ORDER];
        int[] log = new int[ORDER];
        int state = 1;
        for (int i = 0; i < MODULUS; i++) {
            exp[state] = i;
            state <<= 1;
            if (state >= ORDER) {
                state ^= POLYNOMIAL;
            }
        }
        exp[0] = MODULUS;
        log[0] = 0;
        for (int i = 0; i < 16; i++) {
            int width = 1 << i;
            for (int j = 0; j < width; j++) {
                log[j + width] = log[j] ^ CANTOR_BASIS[i];
            }
        }
        for (int i = 0; i < ORDER; i++) {
            log[i] = exp[log[i]];
        }
        for (int i = 0; i < ORDER; i++) {
            exp[log[i]] = i;
        }
        exp[MODULUS] = exp[0];
        for (int i = 0; i < ORDER; i++) {
            EXP[i] = (char) exp[i];
            LOG[i] = (char) log[i];
        }
    }

    private GF16() {
    }

    /** The element whose logarithm is {@code l}, for {@code l} in {@code [0, 65535]}. */
    public static int exp(int l) {
        return EXP[l];
    }

    /** The logarithm of {@code x}; {@code log(0) = 65535}. */
    public static int log(int x) {
        return LOG[x];
    }

    /** {@code (x + y) mod 65535}, for {@code x, y} in {@code [0, 65535]}, with 65535 kept as a representative of 0. */
    public static int addMod(int x, int y) {
        int sum = x + y;
        return (sum + (sum >>> 16)) & 0xFFFF;
    }

    /** {@code (x - y) mod 65535}, for {@code x, y} in {@code [0, 65535]}. */
    public static int subMod(int x, int y) {
        int dif = x + MODULUS - y;
        return (dif + (dif >>> 16)) & 0xFFFF;
    }

    /** {@code x · exp(logFactor)}, zero for {@code x = 0}. */
    public static int mulLog(int x, int logFactor) {
        return x == 0 ? 0 : EXP[addMod(LOG[x], logFactor)];
    }

    /** The product of two field elements. */
    public static int mul(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[(LOG[a] + LOG[b]) % MODULUS];
    }

    /** The multiplicative inverse of a non-zero element. */
    public static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(2^16)");
        }
        return EXP[(MODULUS - LOG[a]) % MODULUS];
    }

    /** Below this many elements the log/exp path is as fast as a table lookup. */
    private static final int TABLE_THRESHOLD = 64;
    /** Whether bulk operations run on vectors ({@link GF16Simd}); see {@link Simd}. */
    static final boolean SIMD = Simd.ENABLED;
    /**
     * Product tables by log factor, built on first use and kept: an FFT of size {@code N} uses fewer than {@code 2N}
     * distinct factors, so a code touches a few thousand 1 KiB tables at most.
     */
    private static final AtomicReferenceArray<char[]> PRODUCT_TABLES = new AtomicReferenceArray<>(MODULUS);

    /**
     * The table of the products of {@code exp(logFactor)} with every low byte ({@code [0, 256)}) and every
     * high byte ({@code [256, 512)}): multiplication by a constant is linear over GF(2), so {@code x · c =
     * low[x & 0xFF] ^ high[x >>> 8]}, two lookups in a 1 KiB table that stays in the L1 cache. Entry {@code 1 << bit}
     * ({@code 256 + (1 << (bit - 8))} from bit 8) is {@code c · 2^bit}, the constants of {@link GF16Simd}.
     */
    static char[] productTable(int anyLogFactor) {
        // 65535 and 0 are both log(1) here.
        int logFactor = anyLogFactor == MODULUS ? 0 : anyLogFactor;
        char[] table = PRODUCT_TABLES.get(logFactor);
        if (table != null) {
            return table;
        }
        table = new char[512];
        for (int bit = 0; bit < 8; bit++) {
            table[1 << bit] = (char) mulLog(1 << bit, logFactor);
            table[256 + (1 << bit)] = (char) mulLog(1 << (bit + 8), logFactor);
        }
        for (int i = 3; i < 256; i++) {
            int lowest = i & -i;
            if (lowest != i) {
                table[i] = (char) (table[i ^ lowest] ^ table[lowest]);
                table[256 + i] = (char) (table[256 + (i ^ lowest)] ^ table[256 + lowest]);
            }
        }
        PRODUCT_TABLES.set(logFactor, table);
        return table;
    }

    /**
     * The FFT butterfly on two runs of one buffer, fused into one pass: {@code a ^= b · exp(logFactor); b ^= a}.
     * A factor of 65535 means "multiply by zero": only {@code b ^= a}.
     */
    public static void fftButterfly(char[] work, int aOff, int bOff, int len, int logFactor) {
        if (logFactor == MODULUS) {
            xor(work, bOff, work, aOff, len);
        } else if (len >= TABLE_THRESHOLD) {
            char[] table = productTable(logFactor);
            if (SIMD) {
                GF16Simd.fftButterfly(work, aOff, bOff, len, table);
            } else {
                fftButterflyScalar(work, aOff, bOff, len, table);
            }
        } else {
            for (int i = 0; i < len; i++) {
                int b = work[bOff + i];
                int a = work[aOff + i];
                if (b != 0) {
                    int sum = LOG[b] + logFactor;
                    a ^= EXP[(sum + (sum >>> 16)) & 0xFFFF];
                    work[aOff + i] = (char) a;
                }
                work[bOff + i] = (char) (a ^ b);
            }
        }
    }

    /** The inverse FFT butterfly, fused: {@code b ^= a; a ^= b · exp(logFactor)} (65535: only {@code b ^= a}). */
    public static void ifftButterfly(char[] work, int aOff, int bOff, int len, int logFactor) {
        if (logFactor == MODULUS) {
            xor(work, bOff, work, aOff, len);
        } else if (len >= TABLE_THRESHOLD) {
            char[] table = productTable(logFactor);
            if (SIMD) {
                GF16Simd.ifftButterfly(work, aOff, bOff, len, table);
            } else {
                ifftButterflyScalar(work, aOff, bOff, len, table);
            }
        } else {
            for (int i = 0; i < len; i++) {
                int a = work[aOff + i];
                int b = work[bOff + i] ^ a;
                work[bOff + i] = (char) b;
                if (b != 0) {
                    int sum = LOG[b] + logFactor;
                    work[aOff + i] = (char) (a ^ EXP[(sum + (sum >>> 16)) & 0xFFFF]);
                }
            }
        }
    }

    /** {@code a[aOff + i] ^= b[bOff + i]} for {@code i < len}; the two runs must not overlap. */
    public static void xor(char[] a, int aOff, char[] b, int bOff, int len) {
        if (SIMD && len >= TABLE_THRESHOLD) {
            GF16Simd.xor(a, aOff, b, bOff, len);
        } else {
            xorScalar(a, aOff, b, bOff, len);
        }
    }

    /** {@code a[off + i] = a[off + i] · exp(logFactor)} in place. */
    public static void mulLogInPlace(char[] a, int off, int len, int logFactor) {
        if (len >= TABLE_THRESHOLD) {
            char[] table = productTable(logFactor);
            if (SIMD) {
                GF16Simd.mulInPlace(a, off, len, table);
            } else {
                mulScalar(a, off, len, table);
            }
            return;
        }
        final char[] logTable = LOG;
        final char[] expTable = EXP;
        for (int i = 0; i < len; i++) {
            int x = a[off + i];
            if (x != 0) {
                int sum = logTable[x] + logFactor;
                a[off + i] = expTable[(sum + (sum >>> 16)) & 0xFFFF];
            }
        }
    }

    // The scalar loops with a product table, also the tails of GF16Simd's loops; package-private for the test that
    // holds the vector path to them.

    static void fftButterflyScalar(char[] work, int aOff, int bOff, int len, char[] table) {
        for (int i = 0; i < len; i++) {
            int b = work[bOff + i];
            int a = work[aOff + i] ^ table[b & 0xFF] ^ table[256 + (b >>> 8)];
            work[aOff + i] = (char) a;
            work[bOff + i] = (char) (a ^ b);
        }
    }

    static void ifftButterflyScalar(char[] work, int aOff, int bOff, int len, char[] table) {
        for (int i = 0; i < len; i++) {
            int a = work[aOff + i];
            int b = work[bOff + i] ^ a;
            work[bOff + i] = (char) b;
            work[aOff + i] = (char) (a ^ table[b & 0xFF] ^ table[256 + (b >>> 8)]);
        }
    }

    static void mulScalar(char[] a, int off, int len, char[] table) {
        for (int i = 0; i < len; i++) {
            int x = a[off + i];
            a[off + i] = (char) (table[x & 0xFF] ^ table[256 + (x >>> 8)]);
        }
    }

    static void xorScalar(char[] a, int aOff, char[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            a[aOff + i] ^= b[bOff + i];
        }
    }
}
