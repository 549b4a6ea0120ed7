package io.floe.protocol.gf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The field and FFT tables against the check values of the specification. */
class GF16Test {
    @Test
    void expAndLogTablesMatchTheSpecification() throws Exception {
        int[] exp = {1, 18064, 26072, 25296, 22324, 17904, 21432, 7736};
        int[] log = {65535, 0, 21845, 43690, 17476, 4369, 34952, 8738};
        for (int i = 0; i < 8; i++) {
            assertEquals(exp[i], GF16.exp(i), "EXP[" + i + "]");
            assertEquals(log[i], GF16.log(i), "LOG[" + i + "]");
        }
        assertEquals(0x43C1, GF16.mul(0x1234, 0xABCD));
        assertEquals("2016ee0982f33f3b6d46fc5731540a073e73b2e7d093ba82e1998364d9dafcd5", sha256(GF16.EXP, GF16.ORDER));
        assertEquals("c7eafc7e425f44aa8c3cf82dee5f4b3e50a710844082c0f1adcd4b95d4330c1f", sha256(GF16.LOG, GF16.ORDER));
    }

    @Test
    void skewTableMatchesTheSpecification() throws Exception {
        int[] expected = {65535, 65535, 21845, 65535, 17476, 21845, 34952, 65535, 56797, 17476, 30583, 21845, 48059,
            34952, 13107, 65535};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], AdditiveFft.skew(i), "SKEW[" + i + "]");
        }
        assertEquals("386153e81df25ed50a4be744fc292281790994bf3472076e6bed4e65463c3949",
                sha256(AdditiveFft.SKEW, GF16.MODULUS));
    }

    @Test
    void inverseAndMultiplicationAgree() {
        for (int a = 1; a < GF16.ORDER; a += 97) {
            assertEquals(1, GF16.mul(a, GF16.inverse(a)), "a=" + a);
        }
    }

    private static String sha256(char[] table, int count) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            buffer.putChar(table[i]);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
    }
}
