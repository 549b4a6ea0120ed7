package io.floe.persistence;

import static io.floe.persistence.StorageFixtures.blobId;
import static io.floe.persistence.StorageFixtures.fullInfo;
import static io.floe.persistence.StorageFixtures.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link BlobInfoStore} contract, run against every implementation. */
public abstract class AbstractBlobInfoStoreTest {
    protected NodeStorage storage;
    private BlobInfoStore store;

    /** A fresh, empty storage. */
    protected abstract NodeStorage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        store = storage.blobInfo();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void infosRoundTripWithAndWithoutOptionalFields() {
        store.put(blobId(1), fullInfo(1));
        store.put(blobId(2), info(5));

        assertEquals(Optional.of(fullInfo(1)), store.get(blobId(1)));
        assertEquals(Optional.of(info(5)), store.get(blobId(2)));
        assertEquals(Optional.empty(), store.get(blobId(3)));
        assertEquals(2, store.count());
    }

    @Test
    void overwritingKeepsTheCountAndDeletingLowersIt() {
        store.put(blobId(1), info(5));
        store.put(blobId(1), info(5).certified(2, new byte[] {1, 2}));
        store.put(blobId(2), info(5));
        assertEquals(2, store.count());
        assertEquals(BlobStatus.CERTIFIED, store.get(blobId(1)).orElseThrow().status());

        store.delete(blobId(1));
        store.delete(blobId(1));
        store.delete(blobId(7));

        assertEquals(Optional.empty(), store.get(blobId(1)));
        assertEquals(1, store.count());
    }

    @Test
    void listPagesInBlobIdOrderAndResumesAfterTheCursor() {
        List<BlobId> ids = IntStream.range(0, 25).mapToObj(StorageFixtures::blobId).sorted().toList();
        ids.forEach(id -> store.put(id, info(9)));

        List<BlobId> paged = new ArrayList<>();
        BlobId cursor = null;
        List<BlobInfoEntry> page;
        while (!(page = store.list(cursor, 6)).isEmpty()) {
            assertTrue(page.size() <= 6);
            page.forEach(entry -> paged.add(entry.blobId()));
            cursor = page.get(page.size() - 1).blobId();
        }
        assertEquals(ids, paged);

        store.delete(ids.get(5));
        assertEquals(ids.subList(6, 9), store.list(ids.get(5), 3).stream().map(BlobInfoEntry::blobId).toList());
        assertEquals(info(9), store.list(null, 1).get(0).info());
    }

    @Test
    void expiredByListsBlobsEndingAtOrBeforeTheEpochInEndEpochOrder() {
        long[] endEpochs = {5, 7, 7, 9, 10, 7, 3};
        for (int i = 0; i < endEpochs.length; i++) {
            store.put(blobId(i), info(endEpochs[i]));
        }
        List<BlobInfoEntry> expected = IntStream.range(0, endEpochs.length)
                .mapToObj(i -> new BlobInfoEntry(blobId(i), info(endEpochs[i])))
                .filter(entry -> entry.info().endEpoch() <= 7)
                .sorted(Comparator.<BlobInfoEntry>comparingLong(entry -> entry.info().endEpoch())
                        .thenComparing(BlobInfoEntry::blobId))
                .toList();

        assertEquals(expected, store.expiredBy(7, 100));
        assertEquals(List.of(), store.expiredBy(2, 100));
        assertEquals(7, store.expiredBy(10, 100).size());

        List<BlobInfoEntry> paged = new ArrayList<>();
        BlobInfoEntry cursor = null;
        List<BlobInfoEntry> page;
        while (!(page = store.expiredBy(7, cursor, 2)).isEmpty()) {
            assertTrue(page.size() <= 2);
            paged.addAll(page);
            cursor = page.get(page.size() - 1);
        }
        assertEquals(expected, paged);
    }

    @Test
    void extendingOrDeletingABlobTakesItOffTheExpiryList() {
        store.put(blobId(1), info(5));
        store.put(blobId(2), info(5));
        store.put(blobId(3), info(5));

        store.put(blobId(1), info(5).withEndEpoch(12));
        store.delete(blobId(2));

        assertEquals(List.of(new BlobInfoEntry(blobId(3), info(5))), store.expiredBy(6, 10));
        assertEquals(List.of(new BlobInfoEntry(blobId(1), info(12))), store.expiredBy(12, blobId3Entry(), 10));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> store.list(null, 0));
        assertThrows(IllegalArgumentException.class, () -> store.expiredBy(1, -1));
    }

    private static BlobInfoEntry blobId3Entry() {
        return new BlobInfoEntry(blobId(3), info(5));
    }
}
