package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A blob expanded from a file into a mapped scratch file is the same expansion as one from an array. */
class FileExpansionTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} bytes on {1} shards")
    @CsvSource({"0, 4", "1, 4", "1000, 7", "123457, 10", "400001, 100", "3000000, 31"})
    void aFileExpandsLikeAnArray(int size, int shards) throws IOException {
        byte[] blob = new byte[size];
        new Random(size).nextBytes(blob);
        Path file = directory.resolve("blob");
        Files.write(file, blob);
        Path scratch = directory.resolve("scratch");
        EncodingConfig config = EncodingConfig.forShards(shards);

        ExpandedBlob fromArray = ExpandedBlob.encode(config, blob);
        ExpandedBlob fromFile = ExpandedBlob.encode(config, file, scratch);

        assertEquals(fromArray.metadata(), fromFile.metadata());
        assertEquals(fromArray.blobId(), fromFile.blobId());
        assertEquals(size, fromFile.length());
        for (int pair = 0; pair < shards; pair++) {
            assertEquals(fromArray.sliverPair(pair), fromFile.sliverPair(pair), "pair " + pair);
        }
        assertArrayEquals(blob, fromFile.blob());
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count(), "the scratch file is removed once mapped");
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> ExpandedBlob.encode(
                EncodingConfig.forShards(4), directory.resolve("absent"), directory));
        assertTrue(error.getMessage().contains("absent"), error.getMessage());
    }
}
