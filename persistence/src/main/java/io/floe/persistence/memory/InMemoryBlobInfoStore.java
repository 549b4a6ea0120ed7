package io.floe.persistence.memory;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobInfoEntry;
import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory {@link BlobInfoStore}; expiry listings scan every info, which is fine at test sizes. */
final class InMemoryBlobInfoStore implements BlobInfoStore {
    private static final Comparator<BlobInfoEntry> EXPIRY_ORDER =
            Comparator.<BlobInfoEntry>comparingLong(entry -> entry.info().endEpoch())
                    .thenComparing(BlobInfoEntry::blobId);

    private final InMemoryNodeStorage storage;
    private final ConcurrentSkipListMap<BlobId, BlobInfo> infos = new ConcurrentSkipListMap<>();

    InMemoryBlobInfoStore(InMemoryNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(BlobId blobId, BlobInfo info) {
        storage.atomically(batch -> batch.putBlobInfo(blobId, info));
    }

    @Override
    public Optional<BlobInfo> get(BlobId blobId) {
        StorageLimits.checkBlobId(blobId);
        return storage.read(() -> Optional.ofNullable(infos.get(blobId)));
    }

    @Override
    public void delete(BlobId blobId) {
        storage.atomically(batch -> batch.deleteBlobInfo(blobId));
    }

    @Override
    public List<BlobInfoEntry> list(BlobId after, int limit) {
        StorageLimits.checkLimit(limit);
        return storage.read(() -> (after == null ? infos : infos.tailMap(after, false)).entrySet().stream()
                .limit(limit)
                .map(entry -> new BlobInfoEntry(entry.getKey(), entry.getValue()))
                .toList());
    }

    @Override
    public List<BlobInfoEntry> expiredBy(long epoch, BlobInfoEntry after, int limit) {
        StorageLimits.checkLimit(limit);
        return storage.read(() -> infos.entrySet().stream()
                .map(entry -> new BlobInfoEntry(entry.getKey(), entry.getValue()))
                .filter(entry -> entry.info().endEpoch() <= epoch)
                .filter(entry -> after == null || EXPIRY_ORDER.compare(entry, after) > 0)
                .sorted(EXPIRY_ORDER)
                .limit(limit)
                .toList());
    }

    @Override
    public long count() {
        return storage.read(() -> (long) infos.size());
    }

    void doPut(BlobId blobId, BlobInfo info) {
        infos.put(blobId, info);
    }

    void doDelete(BlobId blobId) {
        infos.remove(blobId);
    }
}
