package io.floe.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sliver log advises its records out of the page cache once, and only once, they are synced and older than its
 * latest cached bytes; on Linux the advice frees the pages and keeps the bytes.
 */
class PageCacheTest {
    private static final byte[] KEY = {'s', 1};

    @TempDir
    Path directory;

    /** One piece of advice: segment, offset, length. */
    private record Advice(long segment, long offset, long length) {
    }

    private static PageCache recordingInto(List<Advice> advised) {
        return (file, offset, length) -> advised.add(new Advice(SliverLog.segmentId(file), offset, length));
    }

    @Test
    void syncedRecordsAreAdvisedFromThePageWhereTheLastAdviceEnded() throws IOException {
        List<Advice> advised = new ArrayList<>();
        SliverLog log = SliverLog.open(directory, 1 << 20, false, recordingInto(advised), 0, Map.of());
        try {
            log.append(KEY, new byte[5000]);
            log.append(KEY, new byte[3000]);
            assertTrue(advised.isEmpty(), "nothing is advised before it is synced");

            log.flush();
            assertEquals(List.of(new Advice(0, 0, 8000)), advised);

            log.append(KEY, new byte[1000]);
            log.flush();
            log.flush();
            // 8000 ends inside the page at 4096, which the kernel kept: it is advised again, now wholly synced.
            assertEquals(List.of(new Advice(0, 0, 8000), new Advice(0, 4096, 9000 - 4096)), advised);
        } finally {
            log.close();
        }
    }

    @Test
    void theLatestSyncedBytesStayCachedAndOlderRangesAreAdvisedOldestFirst() throws IOException {
        List<Advice> advised = new ArrayList<>();
        SliverLog log = SliverLog.open(directory, 1 << 20, false, recordingInto(advised), 10_000, Map.of());
        try {
            log.append(KEY, new byte[5000]);
            log.flush();
            log.append(KEY, new byte[3000]);
            log.flush();
            assertTrue(advised.isEmpty(), "5000 + 3904 synced bytes fit the 10 000 kept");

            log.append(KEY, new byte[4000]);
            log.flush();
            // [4096, 12000) joins: 16 808 bytes, so the two older ranges go and the newest stays.
            assertEquals(List.of(new Advice(0, 0, 5000), new Advice(0, 4096, 8000 - 4096)), advised);
        } finally {
            log.close();
        }
    }

    @Test
    void recordsSyncedOneByOneAreAdvisedOneByOne() throws IOException {
        List<Advice> advised = new ArrayList<>();
        SliverLog log = SliverLog.open(directory, 6000, true, recordingInto(advised), 0, Map.of());
        try {
            log.append(KEY, new byte[5000]);
            assertEquals(List.of(new Advice(0, 0, 5000)), advised);
            log.append(KEY, new byte[2000]);
            // The second record does not fit the 6000-byte segment: a new segment, advised from its start.
            assertEquals(List.of(new Advice(0, 0, 5000), new Advice(1, 0, 2000)), advised);
        } finally {
            log.close();
        }
    }

    @Test
    void nativeAdviceFreesTheSyncedPagesAndKeepsTheirBytes() throws IOException {
        assumeTrue(NativePageCache.available(), "posix_fadvise is bound on Linux only");
        assertTrue(PageCache.system() instanceof NativePageCache);
        Path file = directory.resolve("advised");
        byte[] bytes = new byte[4 << 20];
        new Random(7).nextBytes(bytes);
        int half = bytes.length / 2;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            // mincore(2) through MappedByteBuffer.isLoaded: mapping the file does not read it in.
            assertTrue(channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes.length).isLoaded(),
                    "just written, the file is in the page cache");

            NativePageCache.INSTANCE.dropSynced(file, 0, half);

            assertFalse(channel.map(FileChannel.MapMode.READ_ONLY, 0, half).isLoaded(), "the advised half is freed");
            assertTrue(channel.map(FileChannel.MapMode.READ_ONLY, half, half).isLoaded(), "the rest stays cached");
        }
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }
}
