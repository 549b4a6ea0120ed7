package io.floe.protocol.gf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.protocol.Simd;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The vector path ({@link GF16Simd}) computes exactly what the scalar loops compute, tails included. */
class GF16SimdTest {
    @Test
    void followsTheSharedSwitch() {
        assertEquals(Simd.ENABLED, GF16.SIMD);
    }

    @Test
    void bitProductsAreTheConstantTimesEachPowerOfTwoInEveryLane() {
        for (int logFactor : new int[] {0, 1, 4369, 30000, 65534}) {
            char[] table = GF16.productTable(logFactor);
            for (int bit = 0; bit < 16; bit++) {
                short[] lanes = GF16Simd.bitProduct(table, bit).toArray();
                for (short lane : lanes) {
                    assertEquals(GF16.mulLog(1 << bit, logFactor), lane & 0xFFFF, "bit " + bit);
                }
            }
        }
    }

    @Property(tries = 300)
    void butterfliesMatchTheScalarLoops(@ForAll @IntRange(min = 0, max = 65534) int logFactor,
            @ForAll @IntRange(min = 0, max = 300) int len, @ForAll @IntRange(min = 0, max = 40) int gap,
            @ForAll long seed) {
        char[] table = GF16.productTable(logFactor);
        char[] work = random(2 * len + gap + 7, seed);
        int aOff = 7 + gap % 5;
        int bOff = aOff + len + gap / 5;

        char[] scalar = work.clone();
        char[] vector = work.clone();
        GF16.fftButterflyScalar(scalar, aOff, bOff, len, table);
        GF16Simd.fftButterfly(vector, aOff, bOff, len, table);
        assertArrayEquals(scalar, vector, "fft");

        GF16.ifftButterflyScalar(scalar, aOff, bOff, len, table);
        GF16Simd.ifftButterfly(vector, aOff, bOff, len, table);
        assertArrayEquals(scalar, vector, "ifft");
        assertArrayEquals(work, scalar, "the inverse butterfly undoes the butterfly");

        GF16.mulScalar(scalar, aOff, len, table);
        GF16Simd.mulInPlace(vector, aOff, len, table);
        assertArrayEquals(scalar, vector, "mul");

        GF16.xorScalar(scalar, aOff, scalar, bOff, len);
        GF16Simd.xor(vector, aOff, vector, bOff, len);
        assertArrayEquals(scalar, vector, "xor");
    }

    private static char[] random(int length, long seed) {
        Random random = new Random(seed);
        char[] values = new char[length];
        for (int i = 0; i < length; i++) {
            values[i] = (char) random.nextInt(GF16.ORDER);
        }
        return values;
    }
}
