package io.floe.persistence;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.info;
import static io.floe.persistence.StorageFixtures.metadata;
import static io.floe.persistence.StorageFixtures.sliver;
import static io.floe.protocol.encoding.SliverType.PRIMARY;
import static io.floe.protocol.encoding.SliverType.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link NodeStorage} contract (atomic batches across stores, closing), run against every implementation. */
public abstract class AbstractNodeStorageTest {
    protected NodeStorage storage;

    /** A fresh, empty storage. */
    protected abstract NodeStorage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aBatchStoresMetadataInfoAndSliversTogether() {
        BlobMetadata metadata = metadata(1);
        BlobId blobId = metadata.blobId();
        storage.atomically(batch -> batch
                .putMetadata(metadata)
                .putBlobInfo(blobId, info(4))
                .putSliver(0, blobId, sliver(PRIMARY, 2, 4, 1))
                .putSliver(0, blobId, sliver(SECONDARY, 1, 3, 2))
                .putState("epoch", new byte[] {1}));

        assertEquals(Optional.of(metadata), storage.metadata().get(blobId));
        assertEquals(Optional.of(info(4)), storage.blobInfo().get(blobId));
        assertTrue(storage.slivers().has(0, blobId, PRIMARY));
        assertTrue(storage.slivers().has(0, blobId, SECONDARY));
        assertArrayEquals(new byte[] {1}, storage.nodeState().get("epoch").orElseThrow());
        assertEquals(14, storage.slivers().bytesStored());
        assertEquals(1, storage.blobInfo().count());
    }

    @Test
    void aBatchThatThrowsMidwayLeavesNothing() {
        storage.nodeState().put("epoch", new byte[] {1});
        BlobMetadata metadata = metadata(1);
        BlobId blobId = metadata.blobId();
        IllegalStateException failure = new IllegalStateException("encoder gave up");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> storage.atomically(batch -> {
            batch.putMetadata(metadata).putBlobInfo(blobId, info(4)).putSliver(0, blobId, sliver(PRIMARY, 0, 4, 1));
            batch.putState("epoch", new byte[] {2}).deleteState("epoch");
            throw failure;
        }));

        assertSame(failure, thrown);
        assertNothingStoredFor(blobId);
        assertArrayEquals(new byte[] {1}, storage.nodeState().get("epoch").orElseThrow());
    }

    @Test
    void aBatchWithAnInvalidChangeLeavesNothing() {
        BlobMetadata metadata = metadata(1);
        BlobId blobId = metadata.blobId();

        assertThrows(IllegalArgumentException.class, () -> storage.atomically(batch -> batch
                .putMetadata(metadata)
                .putBlobInfo(blobId, info(4))
                .putSliver(0, blobId, sliver(PRIMARY, 0, 4, 1))
                .putSliver(-1, blobId, sliver(SECONDARY, 0, 4, 1))));

        assertNothingStoredFor(blobId);
    }

    @Test
    void laterChangesInABatchWin() {
        storage.atomically(batch -> batch
                .putSliver(1, blobId(1), sliver(PRIMARY, 0, 4, 1))
                .deleteSlivers(1, blobId(1))
                .deleteSlivers(1, blobId(2))
                .putSliver(1, blobId(2), sliver(PRIMARY, 0, 5, 2))
                .putSliver(1, blobId(2), sliver(PRIMARY, 0, 3, 3))
                .putBlobInfo(blobId(3), info(4))
                .putBlobInfo(blobId(3), info(8))
                .putBlobInfo(blobId(4), info(4))
                .deleteBlobInfo(blobId(4)));

        assertFalse(storage.slivers().has(1, blobId(1), PRIMARY));
        assertEquals(Optional.of(sliver(PRIMARY, 0, 3, 3)), storage.slivers().get(1, blobId(2), PRIMARY));
        assertEquals(6, storage.slivers().bytesStored());
        assertEquals(Optional.of(info(8)), storage.blobInfo().get(blobId(3)));
        assertEquals(List.of(), storage.blobInfo().expiredBy(7, 10));
        assertEquals(List.of(new BlobInfoEntry(blobId(3), info(8))), storage.blobInfo().expiredBy(8, 10));
        assertEquals(1, storage.blobInfo().count());
    }

    @Test
    void anEmptyBatchChangesNothing() {
        storage.atomically(batch -> { });

        assertEquals(0, storage.slivers().bytesStored());
        assertEquals(0, storage.blobInfo().count());
    }

    @Test
    void aBatchCannotBeUsedAfterwards() {
        AtomicReference<StorageBatch> escaped = new AtomicReference<>();
        storage.atomically(escaped::set);

        assertThrows(IllegalStateException.class, () -> escaped.get().putState("late", new byte[] {1}));
        assertEquals(Optional.empty(), storage.nodeState().get("late"));
    }

    @Test
    void aFlushKeepsEverythingWrittenBefore() {
        BlobMetadata metadata = metadata(1);
        BlobId blobId = metadata.blobId();
        storage.atomically(batch -> batch.putSliver(0, blobId, sliver(PRIMARY, 2, 4, 1)));
        storage.flush();
        storage.flush();

        assertTrue(storage.slivers().has(0, blobId, PRIMARY));
        assertEquals(1, storage.slivers().blobIds(0, 10).size());
    }

    @Test
    void aClosedStorageRefusesEveryOperation() {
        storage.nodeState().put("epoch", new byte[] {1});
        storage.close();

        assertThrows(IllegalStateException.class, () -> storage.nodeState().get("epoch"));
        assertThrows(IllegalStateException.class, () -> storage.nodeState().put("epoch", new byte[] {2}));
        assertThrows(IllegalStateException.class, () -> storage.slivers().blobIds(0, 10));
        assertThrows(IllegalStateException.class, () -> storage.slivers().bytesStored());
        assertThrows(IllegalStateException.class, () -> storage.blobInfo().expiredBy(1, 10));
        assertThrows(IllegalStateException.class, storage::flush);
        assertDoesNotThrow(storage::close);
    }

    private void assertNothingStoredFor(BlobId blobId) {
        assertFalse(storage.metadata().has(blobId));
        assertEquals(Optional.empty(), storage.blobInfo().get(blobId));
        assertFalse(storage.slivers().has(0, blobId, PRIMARY));
        assertEquals(List.of(), storage.slivers().blobIds(0, 10));
        assertEquals(List.of(), storage.blobInfo().expiredBy(Long.MAX_VALUE, 10));
        assertEquals(0, storage.slivers().bytesStored());
        assertEquals(0, storage.blobInfo().count());
    }
}
