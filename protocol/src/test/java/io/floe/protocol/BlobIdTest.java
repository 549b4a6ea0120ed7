package io.floe.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.encoding.EncodingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobIdTest {
    @Test
    void textFormRoundTrips() {
        String text = "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY";
        assertEquals(text, BlobId.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2k", "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kYA",
        "RcU82Mwf+CFkv1LaI/2qcpANwpGUuG3TMwnVzZxD2kY", "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2k=",
        "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kZ", "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2!Y"})
    void anythingButThe32ByteCanonicalFormIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobId.parse(text));
        assertTrue(e.getMessage().startsWith("blob ID is empty") || e.getMessage().startsWith("malformed blob ID"),
                e.getMessage());
    }

    @Test
    void rawBytesMustBe32() {
        assertThrows(IllegalArgumentException.class, () -> BlobId.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> BlobId.of(new byte[33]));
    }

    private static BlobId idOf(long value) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 8; i++) {
            bytes[31 - i] = (byte) (value >>> (8 * i));
        }
        return BlobId.of(bytes);
    }

    @Test
    void pairsRotateOverShardsByTheBigEndianBlobId() {
        EncodingConfig config = EncodingConfig.forShards(7);
        assertEquals(1, config.shardOfPair(0, idOf(15)));
        assertEquals(0, config.shardOfPair(6, idOf(15)));
        assertEquals(5, config.pairOfShard(0, idOf(16)));
        BlobId big = BlobId.of(new byte[] {
            (byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
        java.math.BigInteger value = new java.math.BigInteger(1, big.toBytes());
        for (int n : new int[] {4, 10, 100, 1000, 49155}) {
            assertEquals(value.mod(java.math.BigInteger.valueOf(n)).intValue(), big.modulo(n));
            EncodingConfig c = EncodingConfig.forShards(n);
            for (int pair = 0; pair < n; pair += Math.max(1, n / 7)) {
                assertEquals(pair, c.pairOfShard(c.shardOfPair(pair, big), big));
            }
        }
    }
}
