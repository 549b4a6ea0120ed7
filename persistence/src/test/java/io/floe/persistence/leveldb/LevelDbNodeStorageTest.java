package io.floe.persistence.leveldb;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.fullInfo;
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
import io.floe.protocol.BlobId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LevelDB-only behaviour: durability across reopen, the directory lock, the layout check and counter repair. */
class LevelDbNodeStorageTest {
    @TempDir
    Path directory;

    private LevelDbNodeStorage open(Path path) throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(path));
    }

    @Test
    void reopeningAfterCloseKeepsEverything() throws IOException {
        Path path = directory.resolve("data/node0/storage");
        BlobId blobId = metadata(1).blobId();
        try (LevelDbNodeStorage storage = open(path)) {
            storage.atomically(batch -> batch
                    .putMetadata(metadata(1))
                    .putBlobInfo(blobId, fullInfo(1))
                    .putBlobInfo(blobId(2), info(3))
                    .putSliver(4, blobId, sliver(PRIMARY, 1, 10, 1))
                    .putSliver(4, blobId, sliver(SECONDARY, 2, 5, 2))
                    .putState("epoch", new byte[] {7}));
        }

        try (LevelDbNodeStorage storage = open(path)) {
            assertEquals(Optional.of(metadata(1)), storage.metadata().get(blobId));
            assertEquals(Optional.of(fullInfo(1)), storage.blobInfo().get(blobId));
            assertEquals(Optional.of(sliver(SECONDARY, 2, 5, 2)), storage.slivers().get(4, blobId, SECONDARY));
            assertEquals(List.of(blobId), storage.slivers().blobIds(4, 10));
            assertArrayEquals(new byte[] {7}, storage.nodeState().get("epoch").orElseThrow());
            assertEquals(30, storage.slivers().bytesStored());
            assertEquals(2, storage.blobInfo().count());
            assertEquals(List.of(new BlobInfoEntry(blobId(2), info(3))), storage.blobInfo().expiredBy(3, 10));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsNamingTheLock() throws IOException {
        Path path = directory.resolve("storage");
        try (LevelDbNodeStorage first = open(path)) {
            IOException failure = assertThrows(IOException.class, () -> open(path));

            assertTrue(failure.getMessage().contains(path.toAbsolutePath().toString()), failure.getMessage());
            assertTrue(failure.getMessage().contains("LOCK"), failure.getMessage());
            assertTrue(failure.getMessage().contains("another node storage"), failure.getMessage());
            first.nodeState().put("still-works", new byte[] {1});
        }
        try (LevelDbNodeStorage again = open(path)) {
            assertArrayEquals(new byte[] {1}, again.nodeState().get("still-works").orElseThrow());
        }
    }

    @Test
    void aDatabaseThatIsNotNodeStorageIsRefused() throws IOException {
        File foreign = directory.resolve("journal").toFile();
        try (DB db = JniDBFactory.factory.open(foreign, new Options().createIfMissing(true))) {
            db.put(new byte[] {'p', 1}, new byte[] {2});
        }

        IOException failure = assertThrows(IOException.class, () -> open(foreign.toPath()));

        assertTrue(failure.getMessage().contains("not Floe node storage"), failure.getMessage());
        assertTrue(Files.exists(foreign.toPath().resolve("LOCK")));
        // The failed open closed its handle, so the directory is not left locked.
        try (DB db = JniDBFactory.factory.open(foreign, new Options())) {
            assertArrayEquals(new byte[] {2}, db.get(new byte[] {'p', 1}));
        }
    }

    @Test
    void anotherLayoutVersionIsRefused() throws IOException {
        Path path = directory.resolve("storage");
        try (LevelDbNodeStorage storage = open(path)) {
            storage.rawPut(KeyLayout.LAYOUT_VERSION_KEY,
                    ValueEnvelope.seal(KeyLayout.LAYOUT_VERSION_KEY, Longs.toBytes(KeyLayout.LAYOUT_VERSION + 1)));
        }

        IOException failure = assertThrows(IOException.class, () -> open(path));

        assertTrue(failure.getMessage().contains("key layout version " + (KeyLayout.LAYOUT_VERSION + 1)),
                failure.getMessage());
    }

    @Test
    void corruptCountersAreRecountedOnOpen() throws IOException {
        Path path = directory.resolve("storage");
        try (LevelDbNodeStorage storage = open(path)) {
            storage.atomically(batch -> batch
                    .putSliver(1, blobId(1), sliver(PRIMARY, 0, 10, 1))
                    .putSliver(2, blobId(1), sliver(SECONDARY, 0, 3, 1))
                    .putBlobInfo(blobId(1), info(3))
                    .putBlobInfo(blobId(2), info(3)));
            storage.rawPut(KeyLayout.SLIVER_BYTES_KEY, new byte[] {1, 2, 3});
            storage.rawPut(KeyLayout.BLOB_INFO_COUNT_KEY, new byte[0]);
        }

        try (LevelDbNodeStorage storage = open(path)) {
            assertEquals(26, storage.slivers().bytesStored());
            assertEquals(2, storage.blobInfo().count());
        }
    }

    @Test
    void theExpiryIndexHoldsExactlyOneEntryPerStoredInfo() throws IOException {
        try (LevelDbNodeStorage storage = open(directory.resolve("storage"))) {
            storage.blobInfo().put(blobId(1), info(5));
            storage.blobInfo().put(blobId(1), info(9));
            storage.blobInfo().put(blobId(2), info(5));
            storage.blobInfo().delete(blobId(2));
            storage.atomically(batch -> batch.putBlobInfo(blobId(3), info(4)).putBlobInfo(blobId(3), info(6)));

            List<String> index = storage.scan(KeyLayout.table(KeyLayout.EXPIRY), iterator -> {
                List<String> keys = new ArrayList<>();
                while (iterator.hasNext()) {
                    byte[] key = iterator.next().getKey();
                    if (key[0] == KeyLayout.EXPIRY) {
                        keys.add(KeyLayout.describe(key));
                    }
                }
                return keys;
            });

            assertEquals(List.of("expiry/6/" + blobId(3), "expiry/9/" + blobId(1)), index);
        }
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> LevelDbSettings.defaults(directory).withWriteBufferBytes(1024));
        assertThrows(NullPointerException.class, () -> LevelDbSettings.defaults(null));
    }
}
