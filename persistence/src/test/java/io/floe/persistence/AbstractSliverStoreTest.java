package io.floe.persistence;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.filledBlobId;
import static io.floe.persistence.StorageFixtures.sliver;
import static io.floe.protocol.encoding.SliverType.PRIMARY;
import static io.floe.protocol.encoding.SliverType.SECONDARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link SliverStore} contract, run against every implementation. */
public abstract class AbstractSliverStoreTest {
    protected NodeStorage storage;
    private SliverStore store;

    /** A fresh, empty storage. */
    protected abstract NodeStorage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        store = storage.slivers();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void storedSliversReadBackByShardBlobAndType() {
        Sliver primary = sliver(PRIMARY, 3, 50, 1);
        Sliver secondary = sliver(SECONDARY, 6, 20, 2);
        store.put(3, blobId(1), primary);
        store.put(3, blobId(1), secondary);

        assertEquals(Optional.of(primary), store.get(3, blobId(1), PRIMARY));
        assertEquals(Optional.of(secondary), store.get(3, blobId(1), SECONDARY));
        assertTrue(store.has(3, blobId(1), PRIMARY));
        assertEquals(Optional.empty(), store.get(4, blobId(1), PRIMARY));
        assertEquals(Optional.empty(), store.get(3, blobId(2), PRIMARY));
        assertFalse(store.has(2, blobId(1), SECONDARY));
        assertEquals(140, store.bytesStored());
    }

    @Test
    void overwritingReplacesTheSliverAndItsBytes() {
        store.put(1, blobId(1), sliver(PRIMARY, 0, 50, 1));
        Sliver replacement = sliver(PRIMARY, 0, 20, 2);
        store.put(1, blobId(1), replacement);

        assertEquals(Optional.of(replacement), store.get(1, blobId(1), PRIMARY));
        assertEquals(40, store.bytesStored());
    }

    @Test
    void storedSliversDoNotShareTheCallersArrays() {
        Sliver sliver = sliver(PRIMARY, 0, 8, 1);
        byte[] original = sliver.data().clone();
        store.put(1, blobId(1), sliver);
        sliver.data()[0] ^= 1;
        store.get(1, blobId(1), PRIMARY).orElseThrow().data()[1] ^= 1;

        assertArrayEquals(original, store.get(1, blobId(1), PRIMARY).orElseThrow().data());
    }

    @Test
    void deleteBlobRemovesBothSliversOnThatShardOnly() {
        for (int shard : new int[] {1, 2}) {
            store.put(shard, blobId(1), sliver(PRIMARY, 0, 10, shard));
            store.put(shard, blobId(1), sliver(SECONDARY, 3, 10, shard));
        }
        store.put(1, blobId(2), sliver(PRIMARY, 0, 10, 3));

        store.deleteBlob(1, blobId(1));
        store.deleteBlob(1, blobId(9));

        assertFalse(store.has(1, blobId(1), PRIMARY));
        assertFalse(store.has(1, blobId(1), SECONDARY));
        assertEquals(Optional.empty(), store.get(1, blobId(1), SECONDARY));
        assertTrue(store.has(2, blobId(1), PRIMARY));
        assertTrue(store.has(2, blobId(1), SECONDARY));
        assertTrue(store.has(1, blobId(2), PRIMARY));
        assertEquals(60, store.bytesStored());
    }

    @Test
    void blobIdsPageThroughAShardInOrderAndResumeAfterTheCursor() {
        TreeSet<BlobId> expected = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            store.put(5, blobId(i), sliver(PRIMARY, 0, 1, i));
            if (i % 3 == 0) {
                store.put(5, blobId(i), sliver(SECONDARY, 3, 1, i));
            }
            expected.add(blobId(i));
            store.put(4, blobId(100 + i), sliver(SECONDARY, 0, 1, i));
            store.put(6, blobId(200 + i), sliver(PRIMARY, 0, 1, i));
        }

        List<BlobId> paged = new ArrayList<>();
        BlobId cursor = null;
        List<BlobId> page;
        while (!(page = store.blobIds(5, cursor, 7)).isEmpty()) {
            assertTrue(page.size() <= 7, "page of " + page.size());
            paged.addAll(page);
            cursor = page.get(page.size() - 1);
        }

        assertEquals(new ArrayList<>(expected), paged);
        assertEquals(new ArrayList<>(expected).subList(0, 7), store.blobIds(5, 7));
    }

    @Test
    void pagingResumesAfterACursorThatWasDeletedOrNeverStored() {
        List<BlobId> ids = IntStream.range(0, 10).mapToObj(StorageFixtures::blobId).sorted().toList();
        ids.forEach(id -> store.put(7, id, sliver(PRIMARY, 0, 1, 1)));

        List<BlobId> first = store.blobIds(7, null, 4);
        store.deleteBlob(7, first.get(3));

        assertEquals(ids.subList(0, 4), first);
        assertEquals(ids.subList(4, 8), store.blobIds(7, first.get(3), 4));
        List<BlobId> remaining = new ArrayList<>(ids);
        remaining.remove(first.get(3));
        assertEquals(remaining, store.blobIds(7, filledBlobId(0), 100));
        assertEquals(List.of(), store.blobIds(7, filledBlobId(0xFF), 100));
    }

    @Test
    void blobIdsWorkAtTheEdgesOfTheShardAndBlobIdRanges() {
        int lastShard = StorageLimits.MAX_SHARD;
        for (int shard : new int[] {0, 1, lastShard - 1, lastShard}) {
            store.put(shard, filledBlobId(0), sliver(PRIMARY, 0, 1, shard));
            store.put(shard, filledBlobId(0xFF), sliver(SECONDARY, 0, 1, shard));
        }

        for (int shard : new int[] {0, lastShard}) {
            assertEquals(List.of(filledBlobId(0), filledBlobId(0xFF)), store.blobIds(shard, 10));
            assertEquals(List.of(filledBlobId(0xFF)), store.blobIds(shard, filledBlobId(0), 10));
            assertEquals(List.of(), store.blobIds(shard, filledBlobId(0xFF), 10));
        }
        assertEquals(List.of(), store.blobIds(2, 10));
    }

    @Test
    void deleteShardDropsEveryBlobOfThatShardAndNothingElse() {
        int many = 1_200; // more than one deletion step of the LevelDB store
        storage.atomically(batch -> {
            for (int i = 0; i < many; i++) {
                batch.putSliver(2, blobId(i), sliver(PRIMARY, 0, 1, i));
                batch.putSliver(2, blobId(i), sliver(SECONDARY, 1, 2, i));
            }
            batch.putSliver(1, blobId(1), sliver(PRIMARY, 0, 10, 1));
            batch.putSliver(3, blobId(1), sliver(SECONDARY, 0, 10, 1));
        });
        assertEquals(many * 6L + 40, store.bytesStored());

        store.deleteShard(2);
        store.deleteShard(9);

        assertEquals(List.of(), store.blobIds(2, 10));
        assertFalse(store.has(2, blobId(many - 1), SECONDARY));
        assertTrue(store.has(1, blobId(1), PRIMARY));
        assertTrue(store.has(3, blobId(1), SECONDARY));
        assertEquals(40, store.bytesStored());
    }

    @Test
    void shardsAndLimitsOutOfRangeAreRejected() {
        Sliver sliver = sliver(PRIMARY, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> store.put(-1, blobId(1), sliver));
        assertThrows(IllegalArgumentException.class, () -> store.put(StorageLimits.MAX_SHARD + 1, blobId(1), sliver));
        assertThrows(IllegalArgumentException.class, () -> store.get(-1, blobId(1), PRIMARY));
        assertThrows(IllegalArgumentException.class, () -> store.deleteShard(70_000));
        assertThrows(IllegalArgumentException.class, () -> store.blobIds(1, null, 0));
        assertEquals(0, store.bytesStored());
    }
}
