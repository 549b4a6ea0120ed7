package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EncodingConfigTest {
    @Test
    void parametersFollowTheSpecificationTable() {
        int[][] table = {{4, 1, 2, 3}, {10, 3, 4, 7}, {100, 33, 34, 67}, {1000, 333, 334, 667}};
        for (int[] row : table) {
            EncodingConfig config = EncodingConfig.forShards(row[0]);
            assertEquals(row[1], config.faulty());
            assertEquals(row[2], config.primarySourceSymbols());
            assertEquals(row[3], config.secondarySourceSymbols());
        }
        assertEquals(1_834_952L, EncodingConfig.forShards(10).maxBlobSize());
        assertEquals(14_599_533_452L, EncodingConfig.forShards(1000).maxBlobSize());
    }

    @Test
    void encodedLengthChargesMetadataOnEveryNodeAndBothSlivers() {
        EncodingConfig config = EncodingConfig.forShards(4);
        assertEquals(4 * (64 * 4 + 32) + 4 * (2 + 3) * 2, config.encodedLength(11));
        EncodingConfig thousand = EncodingConfig.forShards(1000);
        int symbolSize = thousand.symbolSize(64L << 20);
        assertEquals(302, symbolSize);
        assertEquals(1000L * (64 * 1000 + 32) + 1000L * (334 + 667) * 302, thousand.encodedLength(64L << 20));
    }

    @Test
    void badSizesAreClearErrors() {
        assertEquals("a committee needs at least 4 shards, got 3",
                assertThrows(IllegalArgumentException.class, () -> EncodingConfig.forShards(3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EncodingConfig.forShards(49156));
        BlobTooLargeException e = assertThrows(BlobTooLargeException.class,
                () -> EncodingConfig.forShards(10).symbolSize(1_834_953));
        assertEquals("blob is 1834953 bytes; the maximum for 10 shards is 1834952 bytes", e.getMessage());
    }
}
