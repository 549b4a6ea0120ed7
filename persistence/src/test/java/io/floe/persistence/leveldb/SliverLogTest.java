package io.floe.persistence.leveldb;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.sliver;
import static io.floe.protocol.encoding.SliverType.PRIMARY;
import static io.floe.protocol.encoding.SliverType.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.persistence.CorruptValueException;
import io.floe.persistence.SliverLogUsage;
import io.floe.protocol.encoding.Sliver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Middle-sized slivers are appended to the sliver log ({@link SliverLog}): placement, replacement and deletion,
 * segments deleted once empty and compacted once mostly dead, restarts (live bytes recounted, a torn tail never
 * written after, records of failed batches swept), damaged and missing segments, and readers interrupted mid-read.
 * Opening older layouts is covered by {@link SliverFilesTest}.
 */
class SliverLogTest {
    /** Stored values of at least 1 KiB go to the log here, of 64 KiB and more to files. */
    private static final int LOG_THRESHOLD = 1024;
    private static final int FILE_THRESHOLD = 64 << 10;
    /** Four records of {@code MIDDLE} symbols (about 2 KB each) fill one segment. */
    private static final long SEGMENT_BYTES = 8 << 10;
    private static final int MIDDLE = 1000;
    private static final int SMALL = 100;
    private static final int LARGE = 40_000;

    @TempDir
    Path directory;
    private LevelDbNodeStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = openStorage();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void middleSliversGoToTheLogSmallOnesStayInsideAndLargeOnesGoToFiles() throws IOException {
        Sliver middle = sliver(PRIMARY, 3, MIDDLE, 1);
        Sliver small = sliver(SECONDARY, 3, SMALL, 2);
        Sliver large = sliver(PRIMARY, 4, LARGE, 3);
        storage.atomically(batch -> batch.putSliver(3, blobId(1), middle).putSliver(3, blobId(1), small)
                .putSliver(4, blobId(1), large));

        assertEquals(Optional.of(middle), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(Optional.of(small), storage.slivers().get(3, blobId(1), SECONDARY));
        assertEquals(Optional.of(large), storage.slivers().get(4, blobId(1), PRIMARY));
        assertEquals(1, segments().size());
        assertNull(storage.rawGet(KeyLayout.sliver(3, blobId(1), PRIMARY)), "no inline copy of the logged sliver");
        assertEquals(SliverLog.POINTER_LENGTH, ValueEnvelope.open(KeyLayout.sliverFile(3, blobId(1), PRIMARY),
                storage.rawGet(KeyLayout.sliverFile(3, blobId(1), PRIMARY))).length);
        assertEquals(1, sliverFiles().size(), "only the large sliver has a file");
        assertEquals(2 * MIDDLE + 2 * SMALL + 2 * LARGE, storage.slivers().bytesStored());
    }

    @Test
    void recordsFillSegmentsInOrderAndSurviveARestart() throws IOException {
        for (int blob = 0; blob < 10; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
        }
        assertEquals(3, segments().size(), "four records a segment: " + segments());
        long live = storage.sliverLog().liveBytes();
        assertEquals(new SliverLogUsage(3, live, live), storage.sliverLog());
        assertEquals(10 * storage.files().read(SliverFiles.parse(new byte[0], KeyLayout.sliver(3, blobId(0), PRIMARY),
                storage.payload(KeyLayout.sliverFile(3, blobId(0), PRIMARY), true))).length, live);

        storage.close();
        storage = openStorage();

        assertEquals(live, storage.sliverLog().liveBytes(), "live bytes are recounted from the entries");
        for (int blob = 0; blob < 10; blob++) {
            assertEquals(Optional.of(sliver(PRIMARY, 3, MIDDLE, blob)),
                    storage.slivers().get(3, blobId(blob), PRIMARY));
        }
        storage.slivers().put(3, blobId(10), sliver(PRIMARY, 3, MIDDLE, 10));
        assertEquals(4, segments().size(), "appends after a restart start a new segment");
    }

    @Test
    void aSegmentWhoseRecordsAreAllDeletedIsDeletedByTheNextCompaction() throws IOException {
        for (int blob = 0; blob < 8; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
        }
        storage.slivers().put(4, blobId(0), sliver(PRIMARY, 4, MIDDLE, 99));
        List<Path> before = segments();
        assertEquals(3, before.size());

        storage.slivers().deleteShard(3);
        storage.flush();
        assertEquals(before, segments(), "deleting slivers deletes no segment by itself");

        assertEquals(0, storage.compactSliverLog(), "nothing live to move");

        assertEquals(List.of(before.get(2)), segments(), "the two full segments are gone, the newest stays");
        assertEquals(Optional.of(sliver(PRIMARY, 4, MIDDLE, 99)), storage.slivers().get(4, blobId(0), PRIMARY));
        assertEquals(Optional.empty(), storage.slivers().get(3, blobId(1), PRIMARY));
    }

    @Test
    void replacingASliverKillsItsOldRecord() {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, MIDDLE, 1));
        long live = storage.sliverLog().liveBytes();
        Sliver replacement = sliver(PRIMARY, 3, MIDDLE, 2);

        storage.slivers().put(3, blobId(1), replacement);

        assertEquals(live, storage.sliverLog().liveBytes());
        assertEquals(2 * live, storage.sliverLog().totalBytes());
        assertEquals(Optional.of(replacement), storage.slivers().get(3, blobId(1), PRIMARY));
    }

    @Test
    void compactionMovesTheLiveRecordsOfMostlyDeadSegmentsAndDeletesThem() throws IOException {
        for (int blob = 0; blob < 12; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
        }
        // Segments 0 and 1 keep one record of four; segment 2 (the newest) keeps all of its.
        for (int blob = 0; blob < 8; blob++) {
            if (blob % 4 != 0) {
                storage.slivers().deleteBlob(3, blobId(blob));
            }
        }
        List<Path> before = segments();
        assertEquals(3, before.size());
        long live = storage.sliverLog().liveBytes();

        assertEquals(2, storage.compactSliverLog());

        assertFalse(segments().contains(before.get(0)));
        assertFalse(segments().contains(before.get(1)));
        assertEquals(live, storage.sliverLog().liveBytes());
        assertTrue(storage.sliverLog().totalBytes() < 8 * 2100, storage.sliverLog().totalBytes() + " bytes");
        assertEquals(0, storage.compactSliverLog(), "nothing is left to compact");
        storage.close();
        storage = openStorage();
        for (int blob = 0; blob < 12; blob++) {
            Optional<Sliver> expected = blob < 8 && blob % 4 != 0 ? Optional.empty()
                    : Optional.of(sliver(PRIMARY, 3, MIDDLE, blob));
            assertEquals(expected, storage.slivers().get(3, blobId(blob), PRIMARY), "blob " + blob);
        }
    }

    @Test
    void aSegmentCountedEmptyIsKeptWhileAnEntryStillPointsIntoIt() throws IOException {
        for (int blob = 0; blob < 5; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
        }
        Path first = segments().get(0);
        // A miscount: the log believes the first segment's records dead, though their entries still point at them.
        for (int blob = 0; blob < 4; blob++) {
            byte[] key = KeyLayout.sliver(3, blobId(blob), PRIMARY);
            storage.files().release(List.of(SliverFiles.parse(new byte[0], key,
                    storage.payload(KeyLayout.retable(key, KeyLayout.SLIVER_FILE), true))));
        }

        storage.compactSliverLog();

        assertTrue(Files.exists(first));
        for (int blob = 0; blob < 5; blob++) {
            assertEquals(Optional.of(sliver(PRIMARY, 3, MIDDLE, blob)),
                    storage.slivers().get(3, blobId(blob), PRIMARY));
        }
    }

    @Test
    void aCorruptRecordIsNotMovedAndItsSegmentStays() throws IOException {
        for (int blob = 0; blob < 5; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
        }
        storage.slivers().deleteBlob(3, blobId(1));
        storage.slivers().deleteBlob(3, blobId(2));
        storage.slivers().deleteBlob(3, blobId(3));
        Path first = segments().get(0);
        flipByte(first, 100);

        assertEquals(0, storage.compactSliverLog());

        assertTrue(Files.exists(first));
        assertThrows(CorruptValueException.class, () -> storage.slivers().get(3, blobId(0), PRIMARY));
        storage.slivers().put(3, blobId(0), sliver(PRIMARY, 3, MIDDLE, 0));
        storage.compactSliverLog();
        assertFalse(Files.exists(first), "rewriting the damaged sliver empties its old segment");
        assertEquals(Optional.of(sliver(PRIMARY, 3, MIDDLE, 0)), storage.slivers().get(3, blobId(0), PRIMARY));
    }

    @Test
    void aDamagedTruncatedOrMissingSegmentIsReportedAndAPutRepairsIt() throws IOException {
        Sliver sliver = sliver(PRIMARY, 3, MIDDLE, 1);
        storage.slivers().put(3, blobId(1), sliver);
        Path segment = segments().get(0);

        flipByte(segment, 50);
        CorruptValueException damaged = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals("sliver/3/" + blobId(1) + "/primary", damaged.key());
        assertTrue(damaged.getMessage().contains("CRC32C mismatch"), damaged.getMessage());

        storage.close();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }
        storage = openStorage();
        CorruptValueException truncated = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertTrue(truncated.getMessage().contains("beyond the end"), truncated.getMessage());

        storage.close();
        Files.delete(segment);
        storage = openStorage();
        CorruptValueException missing = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertTrue(storage.slivers().has(3, blobId(1), PRIMARY), "has() does not read the log");

        storage.slivers().put(3, blobId(1), sliver);
        assertEquals(Optional.of(sliver), storage.slivers().get(3, blobId(1), PRIMARY));
    }

    @Test
    void anEntryOfNeitherPointerLengthIsCorrupt() {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, MIDDLE, 1));
        byte[] fileKey = KeyLayout.sliverFile(3, blobId(1), PRIMARY);
        storage.rawPut(fileKey, ValueEnvelope.seal(fileKey, new byte[20]));

        CorruptValueException failure = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));

        assertTrue(failure.getMessage().contains("20 bytes"), failure.getMessage());
    }

    @Test
    void recordsOfFailedBatchesAndATornTailAreLeftBehindAtTheNextOpen() throws IOException {
        Sliver kept = sliver(PRIMARY, 3, MIDDLE, 1);
        storage.slivers().put(3, blobId(1), kept);
        storage.slivers().put(3, blobId(9), sliver(PRIMARY, 3, MIDDLE, 9));
        assertThrows(IllegalStateException.class, () -> storage.atomically(batch -> {
            for (int blob = 2; blob < 6; blob++) {
                batch.putSliver(3, blobId(blob), sliver(PRIMARY, 3, MIDDLE, blob));
            }
            throw new IllegalStateException("the caller gives up");
        }));
        assertEquals(2, segments().size());
        storage.slivers().deleteBlob(3, blobId(9));
        storage.close();
        // A crash in the middle of an append leaves a torn record at the end of the newest segment.
        Files.write(segments().get(1), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        storage = openStorage();

        assertEquals(1, segments().size(), "the segment of the failed batch held nothing live: " + segments());
        assertEquals(Optional.of(kept), storage.slivers().get(3, blobId(1), PRIMARY));
        assertFalse(storage.slivers().has(3, blobId(2), PRIMARY));
    }

    @Test
    void aReaderInterruptedMidReadDoesNotCloseTheSegmentForOthers() throws Exception {
        Sliver sliver = sliver(PRIMARY, 3, MIDDLE, 1);
        storage.slivers().put(3, blobId(1), sliver);

        Thread.currentThread().interrupt();
        try {
            assertThrows(UncheckedIOException.class, () -> storage.slivers().get(3, blobId(1), PRIMARY));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt stays set for its thread");
        }

        assertEquals(Optional.of(sliver), storage.slivers().get(3, blobId(1), PRIMARY));
        storage.slivers().put(3, blobId(2), sliver(PRIMARY, 3, MIDDLE, 2));
        assertEquals(Optional.of(sliver(PRIMARY, 3, MIDDLE, 2)), storage.slivers().get(3, blobId(2), PRIMARY));
    }

    @Test
    void aClosedStorageWritesNoSegmentAndNoFile() throws IOException {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, MIDDLE, 1));
        storage.close();

        assertThrows(IllegalStateException.class,
                () -> storage.slivers().put(3, blobId(2), sliver(PRIMARY, 3, MIDDLE, 2)));
        assertThrows(IllegalStateException.class,
                () -> storage.slivers().put(3, blobId(2), sliver(PRIMARY, 3, LARGE, 2)));

        assertEquals(1, segments().size());
        assertEquals(List.of(), sliverFiles());
    }

    @Test
    void aFlushSyncsTheSegmentsAndTheirDirectory() {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, MIDDLE, 1));
        assertEquals(2, storage.files().log().unsyncedCount(), "the new segment and the directory entry naming it");

        storage.flush();

        assertEquals(0, storage.files().log().unsyncedCount());
    }

    private LevelDbNodeStorage openStorage() throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("storage"))
                .withSliverFileBytes(FILE_THRESHOLD).withSliverLogBytes(LOG_THRESHOLD), SEGMENT_BYTES);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            channel.write(one, position);
        }
    }

    private List<Path> segments() throws IOException {
        return list(directory.resolve("storage").resolve(SliverLog.DIRECTORY));
    }

    private List<Path> sliverFiles() throws IOException {
        return list(directory.resolve("storage").resolve(SliverFiles.DIRECTORY));
    }

    private static List<Path> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
