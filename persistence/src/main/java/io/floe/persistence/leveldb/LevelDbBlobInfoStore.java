package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobInfoEntry;
import io.floe.persistence.BlobInfoStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The LevelDB {@link BlobInfoStore}: infos under {@code 'i'} keys, indexed by end epoch under {@code 'e'} keys. */
final class LevelDbBlobInfoStore implements BlobInfoStore {
    private static final byte[] INFO_TABLE = KeyLayout.table(KeyLayout.BLOB_INFO);
    private static final byte[] EXPIRY_TABLE = KeyLayout.table(KeyLayout.EXPIRY);

    private final LevelDbNodeStorage storage;

    LevelDbBlobInfoStore(LevelDbNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(BlobId blobId, BlobInfo info) {
        storage.atomically(batch -> batch.putBlobInfo(blobId, info));
    }

    @Override
    public Optional<BlobInfo> get(BlobId blobId) {
        byte[] key = KeyLayout.blobInfo(StorageLimits.checkBlobId(blobId));
        byte[] payload = storage.payload(key, true);
        return payload == null ? Optional.empty() : Optional.of(decode(key, payload));
    }

    @Override
    public void delete(BlobId blobId) {
        storage.atomically(batch -> batch.deleteBlobInfo(blobId));
    }

    @Override
    public List<BlobInfoEntry> list(BlobId after, int limit) {
        StorageLimits.checkLimit(limit);
        byte[] start = after == null ? INFO_TABLE : KeyLayout.blobInfo(after);
        return storage.scan(start, iterator -> {
            List<BlobInfoEntry> page = new ArrayList<>();
            while (iterator.hasNext() && page.size() < limit) {
                Map.Entry<byte[], byte[]> entry = iterator.next();
                byte[] key = entry.getKey();
                if (!KeyLayout.startsWith(key, INFO_TABLE)) {
                    break;
                }
                BlobId blobId = KeyLayout.blobIdOf(key);
                if (!blobId.equals(after)) {
                    page.add(new BlobInfoEntry(blobId, decode(key, ValueEnvelope.open(key, entry.getValue()))));
                }
            }
            return page;
        });
    }

    @Override
    public List<BlobInfoEntry> expiredBy(long epoch, BlobInfoEntry after, int limit) {
        StorageLimits.checkLimit(limit);
        List<BlobInfoEntry> page = new ArrayList<>();
        byte[] cursor = after == null ? null : KeyLayout.expiry(after.info().endEpoch(), after.blobId());
        while (page.size() < limit) {
            int wanted = limit - page.size();
            List<byte[]> hits = expiryKeys(epoch, cursor, wanted);
            for (byte[] hit : hits) {
                BlobId blobId = KeyLayout.blobIdOf(hit);
                // An index entry counts only if the info it points to still has that end epoch.
                get(blobId).filter(info -> info.endEpoch() == KeyLayout.endEpochOfExpiryKey(hit))
                        .ifPresent(info -> page.add(new BlobInfoEntry(blobId, info)));
            }
            if (hits.size() < wanted) {
                break;
            }
            cursor = hits.get(hits.size() - 1);
        }
        return page;
    }

    /** Up to {@code limit} expiry-index keys with an end epoch of at most {@code epoch}, after {@code cursor}. */
    private List<byte[]> expiryKeys(long epoch, byte[] cursor, int limit) {
        return storage.scan(cursor == null ? EXPIRY_TABLE : cursor, iterator -> {
            List<byte[]> keys = new ArrayList<>();
            while (iterator.hasNext() && keys.size() < limit) {
                byte[] key = iterator.next().getKey();
                if (!KeyLayout.startsWith(key, EXPIRY_TABLE) || KeyLayout.endEpochOfExpiryKey(key) > epoch) {
                    break;
                }
                if (cursor == null || !Arrays.equals(key, cursor)) {
                    keys.add(key);
                }
            }
            return keys;
        });
    }

    @Override
    public long count() {
        return storage.blobInfoCount();
    }

    private static BlobInfo decode(byte[] key, byte[] payload) {
        try {
            return BlobInfoCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            throw ValueEnvelope.corrupt(key, "not a blob info: " + e.getMessage(), e);
        }
    }
}
