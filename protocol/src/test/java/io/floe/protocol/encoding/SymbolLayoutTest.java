package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.protocol.Simd;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The byte pairing of {@link SymbolLayout}, and its vector path, which must give the scalar loop's results. */
class SymbolLayoutTest {
    @Test
    void followsTheSharedSwitch() {
        assertEquals(Simd.ENABLED, SymbolLayout.SIMD);
    }

    @Test
    void pairsEachLowByteWithTheByteHalfABlockLater() {
        byte[] symbol = new byte[70];
        for (int i = 0; i < symbol.length; i++) {
            symbol[i] = (byte) i;
        }
        char[] elements = new char[35];
        SymbolLayout.toElements(symbol, 0, symbol.length, elements, 0);
        assertEquals(0x2000, elements[0]);
        assertEquals(0x3F1F, elements[31]);
        // The partial block of 6 bytes pairs t with 3 + t.
        assertEquals(0x4340, elements[32]);
        assertEquals(0x4542, elements[34]);
        byte[] back = new byte[symbol.length];
        SymbolLayout.toBytes(elements, 0, symbol.length, back, 0);
        assertArrayEquals(symbol, back);
    }

    @Property(tries = 300)
    void theVectorPathMatchesTheScalarLoop(@ForAll @IntRange(min = 1, max = 300) int halfSize,
            @ForAll @IntRange(min = 0, max = 70) int srcOff, @ForAll @IntRange(min = 0, max = 70) int dstOff,
            @ForAll long seed) {
        int symbolSize = 2 * halfSize;
        Random random = new Random(seed);
        byte[] bytes = new byte[srcOff + symbolSize + 5];
        random.nextBytes(bytes);
        char[] scalar = new char[dstOff + halfSize + 5];
        char[] fast = new char[scalar.length];
        SymbolLayout.toElementsScalar(bytes, srcOff, symbolSize, scalar, dstOff, 0);
        SymbolLayout.toElements(bytes, srcOff, symbolSize, fast, dstOff);
        assertArrayEquals(scalar, fast, "elements");

        byte[] scalarBytes = new byte[bytes.length];
        byte[] fastBytes = new byte[bytes.length];
        SymbolLayout.toBytesScalar(scalar, dstOff, symbolSize, scalarBytes, srcOff, 0);
        SymbolLayout.toBytes(scalar, dstOff, symbolSize, fastBytes, srcOff);
        assertArrayEquals(scalarBytes, fastBytes, "bytes");
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, srcOff, srcOff + symbolSize),
                java.util.Arrays.copyOfRange(fastBytes, srcOff, srcOff + symbolSize), "round trip");
    }
}
