package io.floe.persistence.leveldb;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.info;
import static io.floe.persistence.StorageFixtures.metadata;
import static io.floe.persistence.StorageFixtures.sliver;
import static io.floe.protocol.encoding.SliverType.PRIMARY;
import static io.floe.protocol.encoding.SliverType.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.persistence.BlobInfoEntry;
import io.floe.persistence.CorruptValueException;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Damaged values are reported as {@link CorruptValueException} naming their key, never returned as data. */
class LevelDbCorruptionTest {
    @TempDir
    Path directory;
    private LevelDbNodeStorage storage;

    @BeforeEach
    void open() throws IOException {
        storage = LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("storage")));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aFlippedByteInASliverIsReportedAndAPutRepairsIt() {
        Sliver sliver = sliver(PRIMARY, 3, 100, 1);
        storage.slivers().put(3, blobId(1), sliver);
        flipByte(KeyLayout.sliver(3, blobId(1), PRIMARY), 60);

        CorruptValueException failure = assertCorrupt(() -> storage.slivers().get(3, blobId(1), PRIMARY));

        assertEquals("sliver/3/" + blobId(1) + "/primary", failure.key());
        assertEquals(Optional.of(blobId(1)), failure.blobId());
        assertTrue(failure.getMessage().contains("CRC32C mismatch"), failure.getMessage());
        assertTrue(storage.slivers().has(3, blobId(1), PRIMARY), "has() does not read the value");

        storage.slivers().put(3, blobId(1), sliver);
        assertEquals(Optional.of(sliver), storage.slivers().get(3, blobId(1), PRIMARY));
        assertEquals(200, storage.slivers().bytesStored());
    }

    @Test
    void garbageUnderARealKeyIsReported() {
        storage.slivers().put(1, blobId(1), sliver(SECONDARY, 0, 4, 1));
        byte[] key = KeyLayout.sliver(1, blobId(1), SECONDARY);

        storage.rawPut(key, new byte[] {1, 2});
        assertTrue(assertCorrupt(() -> storage.slivers().get(1, blobId(1), SECONDARY)).getMessage()
                .contains("shorter than"));

        storage.rawPut(key, "garbage, definitely not a sliver".getBytes());
        assertCorrupt(() -> storage.slivers().get(1, blobId(1), SECONDARY));

        // A valid frame around bytes that do not parse as a sliver.
        storage.rawPut(key, ValueEnvelope.seal(key, new byte[] {5, 1, 2, 3}));
        assertTrue(assertCorrupt(() -> storage.slivers().get(1, blobId(1), SECONDARY)).getMessage()
                .contains("not a sliver"));
    }

    @Test
    void anUnknownFormatVersionIsReported() {
        storage.nodeState().put("epoch", new byte[] {1});
        byte[] key = KeyLayout.nodeState("epoch");
        byte[] value = storage.rawGet(key);
        value[0] = 9;
        storage.rawPut(key, value);

        CorruptValueException failure = assertCorrupt(() -> storage.nodeState().get("epoch"));

        assertEquals("node-state/epoch", failure.key());
        assertEquals(Optional.empty(), failure.blobId());
        assertTrue(failure.getMessage().contains("unknown value format version 9"), failure.getMessage());
    }

    @Test
    void aValueCopiedUnderAnotherKeyFailsItsChecksum() {
        storage.metadata().put(metadata(1));
        storage.metadata().put(metadata(2));
        BlobId second = metadata(2).blobId();
        storage.rawPut(KeyLayout.metadata(second), storage.rawGet(KeyLayout.metadata(metadata(1).blobId())));

        CorruptValueException failure = assertCorrupt(() -> storage.metadata().get(second));

        assertEquals("metadata/" + second, failure.key());
        assertEquals(Optional.of(metadata(1)), storage.metadata().get(metadata(1).blobId()));
    }

    @Test
    void aCorruptInfoStopsAListingAtItAndTheCallerCanResumeAfterIt() {
        List<BlobId> ids = List.of(blobId(1), blobId(2), blobId(3)).stream().sorted().toList();
        ids.forEach(id -> storage.blobInfo().put(id, info(5)));
        flipByte(KeyLayout.blobInfo(ids.get(1)), 10);

        CorruptValueException failure = assertCorrupt(() -> storage.blobInfo().list(null, 10));

        assertEquals(Optional.of(ids.get(1)), failure.blobId());
        assertCorrupt(() -> storage.blobInfo().get(ids.get(1)));
        assertEquals(List.of(new BlobInfoEntry(ids.get(2), info(5))), storage.blobInfo().list(ids.get(1), 10));
    }

    @Test
    void replacingACorruptInfoLeavesNoStaleExpiryEntryVisible() {
        storage.blobInfo().put(blobId(1), info(5));
        flipByte(KeyLayout.blobInfo(blobId(1)), 7);
        storage.blobInfo().put(blobId(1), info(9));
        storage.blobInfo().put(blobId(2), info(4));

        assertEquals(List.of(new BlobInfoEntry(blobId(2), info(4))), storage.blobInfo().expiredBy(6, 10));
        assertEquals(List.of(new BlobInfoEntry(blobId(2), info(4))), storage.blobInfo().expiredBy(6, null, 1));
        assertEquals(List.of(new BlobInfoEntry(blobId(2), info(4)), new BlobInfoEntry(blobId(1), info(9))),
                storage.blobInfo().expiredBy(9, 10));
        assertEquals(2, storage.blobInfo().count());

        flipByte(KeyLayout.blobInfo(blobId(1)), 7);
        storage.blobInfo().delete(blobId(1));
        assertEquals(List.of(new BlobInfoEntry(blobId(2), info(4))), storage.blobInfo().expiredBy(100, 10));
        assertEquals(1, storage.blobInfo().count());
    }

    @Test
    void aCorruptSliverLengthDoesNotBlockDeletingTheShard() {
        storage.slivers().put(2, blobId(1), sliver(PRIMARY, 0, 10, 1));
        storage.slivers().put(2, blobId(2), sliver(PRIMARY, 0, 10, 2));
        flipByte(KeyLayout.sliverLength(2, blobId(1), PRIMARY), 6);

        storage.slivers().deleteShard(2);

        assertEquals(List.of(), storage.slivers().blobIds(2, 10));
        assertEquals(Optional.empty(), storage.slivers().get(2, blobId(1), PRIMARY));
        // The unreadable length could not be subtracted: the accounting drifts, the deletion does not fail.
        assertEquals(20, storage.slivers().bytesStored());
    }

    @Test
    void corruptMetadataAndStateAreReportedLikeSlivers() {
        storage.metadata().put(metadata(1));
        storage.nodeState().put("cursor", new byte[] {1, 2, 3});
        flipByte(KeyLayout.metadata(metadata(1).blobId()), 20);
        flipByte(KeyLayout.nodeState("cursor"), 6);

        assertCorrupt(() -> storage.metadata().get(metadata(1).blobId()));
        assertCorrupt(() -> storage.nodeState().get("cursor"));
        storage.nodeState().put("cursor", new byte[] {4});
        assertArrayEquals(new byte[] {4}, storage.nodeState().get("cursor").orElseThrow());
    }

    private void flipByte(byte[] key, int offset) {
        byte[] value = storage.rawGet(key);
        value[offset] ^= 0x10;
        storage.rawPut(key, value);
    }

    private static CorruptValueException assertCorrupt(Executable read) {
        return assertThrows(CorruptValueException.class, read);
    }
}
