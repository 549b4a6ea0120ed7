package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void bytesBelowOneKibibyteStayExact() {
        assertEquals("0 bytes", Sizes.describe(0));
        assertEquals("1 byte", Sizes.describe(1));
        assertEquals("1023 bytes", Sizes.describe(1023));
    }

    @Test
    void largerSizesUseBinaryUnitsWithTheExactCount() {
        assertEquals("1.0 KiB (1024 bytes)", Sizes.describe(1024));
        assertEquals("1.0 MiB (1048576 bytes)", Sizes.describe(1L << 20));
        assertEquals("64.0 MiB (67108864 bytes)", Sizes.describe(64L << 20));
        assertEquals("1.5 GiB", Sizes.human(3L << 29));
    }

    @Test
    void roundingUpMovesToTheNextUnit() {
        assertEquals("1.0 MiB", Sizes.human((1L << 20) - 1));
        assertEquals("1023.9 KiB", Sizes.human(1023 * 1024 + 900));
    }

    @Test
    void parsesCountsWithBinaryUnits() {
        assertEquals(1024, Sizes.parse("1024"));
        assertEquals(1024, Sizes.parse("1KiB"));
        assertEquals(64L << 20, Sizes.parse("64 MiB"));
        assertEquals(2L << 30, Sizes.parse("2g"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Sizes.parse("MiB"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1 parsec"));
    }
}
