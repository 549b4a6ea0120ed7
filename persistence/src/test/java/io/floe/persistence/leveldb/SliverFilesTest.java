package io.floe.persistence.leveldb;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.sliver;
import static io.floe.protocol.encoding.SliverType.PRIMARY;
import static io.floe.protocol.encoding.SliverType.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.persistence.CorruptValueException;
import io.floe.protocol.encoding.Sliver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large slivers live in files beside the database ({@link SliverFiles}): placement, replacement and deletion, failed
 * batches, orphans left by a crash, damaged files, and the upgrade of a database written before files existed.
 */
class SliverFilesTest {
    /** Slivers of at least 1 KiB stored value go to files here; {@code LARGE} symbols make 4000 bytes of data. */
    private static final int THRESHOLD = 1024;
    private static final int LARGE = 2000;
    private static final int SMALL = 100;

    @TempDir
    Path directory;
    private LevelDbNodeStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = openStorage(THRESHOLD);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void largeSliversGoToFilesAndSmallOnesStayInTheDatabase() throws IOException {
        Sliver large = sliver(PRIMARY, 3, LARGE, 1);
        Sliver small = sliver(SECONDARY, 3, SMALL, 2);
        storage.atomically(batch -> batch.putSliver(3, blobId(1), large).putSliver(3, blobId(1), small));

        assertEquals(Optional.of(large), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(Optional.of(small), storage.slivers().get(3, blobId(1), SECONDARY));
        assertEquals(1, files().size());
        assertTrue(files().get(0).getFileName().toString().startsWith(blobId(1).toHex() + ".p."), files().toString());
        assertEquals(null, storage.rawGet(KeyLayout.sliver(3, blobId(1), PRIMARY)), "no inline copy");
        assertEquals(2 * LARGE + 2 * SMALL, storage.slivers().bytesStored());
    }

    @Test
    void replacingOrDeletingASliverDeletesItsFile() throws IOException {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, LARGE, 1));
        Path first = files().get(0);
        Sliver replacement = sliver(PRIMARY, 3, LARGE, 9);

        storage.slivers().put(3, blobId(1), replacement);

        assertFalse(Files.exists(first), "the replaced file is deleted");
        assertEquals(1, files().size());
        assertEquals(Optional.of(replacement), storage.slivers().get(3, blobId(1), PRIMARY));

        storage.slivers().deleteBlob(3, blobId(1));
        assertEquals(List.of(), files());
        assertEquals(Optional.empty(), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(0, storage.slivers().bytesStored());
    }

    @Test
    void deletingAShardDeletesItsFilesOnly() throws IOException {
        for (int blob = 0; blob < 5; blob++) {
            storage.slivers().put(3, blobId(blob), sliver(PRIMARY, 3, LARGE, blob));
            storage.slivers().put(4, blobId(blob), sliver(PRIMARY, 4, LARGE, blob));
        }
        assertEquals(10, files().size());

        storage.slivers().deleteShard(3);

        assertEquals(5, files().size());
        assertTrue(files().stream().allMatch(file -> file.startsWith(filesRoot().resolve("4"))), files().toString());
        assertEquals(Optional.of(sliver(PRIMARY, 4, LARGE, 2)), storage.slivers().get(4, blobId(2), PRIMARY));
    }

    @Test
    void aSliverMovesBetweenFileAndDatabaseWhenTheThresholdChanges() throws IOException {
        Sliver large = sliver(PRIMARY, 3, LARGE, 1);
        storage.slivers().put(3, blobId(1), large);
        storage.close();
        storage = openStorage(1 << 20);
        assertEquals(Optional.of(large), storage.slivers().get(3, blobId(1), PRIMARY), "a file is read as before");

        Sliver inline = sliver(PRIMARY, 3, LARGE, 2);
        storage.slivers().put(3, blobId(1), inline);

        assertEquals(List.of(), files(), "the old file is gone once the sliver is stored inline");
        assertEquals(Optional.of(inline), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(2 * LARGE, storage.slivers().bytesStored());
    }

    @Test
    void aBatchThatFailsLeavesNoFile() throws IOException {
        assertThrows(IllegalStateException.class, () -> storage.atomically(batch -> {
            batch.putSliver(3, blobId(1), sliver(PRIMARY, 3, LARGE, 1));
            throw new IllegalStateException("the caller gives up");
        }));

        assertEquals(List.of(), files());
        assertFalse(storage.slivers().has(3, blobId(1), PRIMARY));
    }

    @Test
    void filesNoEntryNamesAreSweptWhenTheStorageOpens() throws IOException {
        Sliver kept = sliver(PRIMARY, 3, LARGE, 1);
        storage.slivers().put(3, blobId(1), kept);
        // What a crash between writing a file and committing its entry leaves behind.
        Path orphan = filesRoot().resolve("7/ab/" + "ab".repeat(32) + ".p.0000000000000001");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[5000]);

        storage.close();
        storage = openStorage(THRESHOLD);

        assertFalse(Files.exists(orphan));
        assertEquals(1, files().size());
        assertEquals(Optional.of(kept), storage.slivers().get(3, blobId(1), PRIMARY));
    }

    @Test
    void aDamagedTruncatedOrMissingFileIsReportedAndAPutRepairsIt() throws IOException {
        Sliver sliver = sliver(PRIMARY, 3, LARGE, 1);
        storage.slivers().put(3, blobId(1), sliver);
        Path file = files().get(0);
        byte[] original = Files.readAllBytes(file);

        byte[] flipped = original.clone();
        flipped[100] ^= 0x10;
        Files.write(file, flipped);
        CorruptValueException damaged = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals("sliver/3/" + blobId(1) + "/primary", damaged.key());
        assertTrue(damaged.getMessage().contains("CRC32C mismatch"), damaged.getMessage());

        Files.write(file, java.util.Arrays.copyOf(original, original.length - 10));
        CorruptValueException truncated = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertTrue(truncated.getMessage().contains((original.length - 10) + " bytes; " + original.length),
                truncated.getMessage());

        Files.delete(file);
        CorruptValueException missing = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertTrue(storage.slivers().has(3, blobId(1), PRIMARY), "has() does not read the file");

        storage.slivers().put(3, blobId(1), sliver);
        assertEquals(Optional.of(sliver), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(1, files().size());
    }

    @Test
    void anotherSliversFileInPlaceOfThisOneFailsItsChecksum() throws IOException {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, LARGE, 1));
        storage.slivers().put(3, blobId(2), sliver(PRIMARY, 3, LARGE, 2));
        Path one = files().stream().filter(f -> f.getFileName().toString().startsWith(blobId(1).toHex()))
                .findFirst().orElseThrow();
        Path two = files().stream().filter(f -> f.getFileName().toString().startsWith(blobId(2).toHex()))
                .findFirst().orElseThrow();

        Files.copy(two, one, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CorruptValueException failure = assertThrows(CorruptValueException.class,
                () -> storage.slivers().get(3, blobId(1), PRIMARY));
        assertTrue(failure.getMessage().contains("CRC32C mismatch"), failure.getMessage());
    }

    /** Version 1 had no {@code 'f'} entries, version 2 only those of files; both open as they are. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void anOlderLayoutOpensAndIsMarkedTheCurrentVersion(long version) throws IOException {
        Sliver small = sliver(SECONDARY, 3, SMALL, 1);
        Sliver large = sliver(PRIMARY, 3, LARGE, 2);
        storage.slivers().put(3, blobId(1), small);
        if (version > 1) {
            storage.slivers().put(3, blobId(1), large);
        }
        storage.rawPut(KeyLayout.LAYOUT_VERSION_KEY, ValueEnvelope.seal(KeyLayout.LAYOUT_VERSION_KEY,
                Longs.toBytes(version)));
        storage.close();

        storage = openStorage(THRESHOLD);

        assertEquals(Optional.of(small), storage.slivers().get(3, blobId(1), SECONDARY));
        assertEquals(version > 1 ? Optional.of(large) : Optional.empty(), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(KeyLayout.LAYOUT_VERSION, Longs.fromBytes(KeyLayout.LAYOUT_VERSION_KEY, ValueEnvelope.open(
                KeyLayout.LAYOUT_VERSION_KEY, storage.rawGet(KeyLayout.LAYOUT_VERSION_KEY))));
    }

    @Test
    void flushLeavesNothingUnsynced() {
        storage.slivers().put(3, blobId(1), sliver(PRIMARY, 3, LARGE, 1));
        assertTrue(storage.files().unsyncedCount() > 0, "a new file is not synced until a flush");

        storage.flush();

        assertEquals(0, storage.files().unsyncedCount());
    }

    private LevelDbNodeStorage openStorage(int threshold) throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("storage"))
                .withSliverFileBytes(threshold));
    }

    private Path filesRoot() {
        return directory.resolve("storage").resolve(SliverFiles.DIRECTORY);
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(filesRoot())) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(filesRoot())) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
