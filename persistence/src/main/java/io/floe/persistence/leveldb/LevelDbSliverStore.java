package io.floe.persistence.leveldb;

import io.floe.persistence.CorruptValueException;
import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The LevelDB {@link SliverStore}: sliver bytes under {@code 's'} keys, their lengths under {@code 'l'} keys, so that
 * {@code has}, listings and accounting touch only the small entries.
 */
final class LevelDbSliverStore implements SliverStore {
    /** Blobs deleted per atomic step of {@link #deleteShard}. */
    static final int DELETE_SHARD_STEP = 512;

    private final LevelDbNodeStorage storage;

    LevelDbSliverStore(LevelDbNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(int shard, BlobId blobId, Sliver sliver) {
        storage.atomically(batch -> batch.putSliver(shard, blobId, sliver));
    }

    @Override
    public Optional<Sliver> get(int shard, BlobId blobId, SliverType type) {
        byte[] key = KeyLayout.sliver(shard, StorageLimits.checkBlobId(blobId), type);
        byte[] payload = storage.payload(key, false);
        if (payload == null) {
            payload = fromFile(key);
            if (payload == null) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Sliver.fromBcs(type, payload));
        } catch (RuntimeException e) {
            throw ValueEnvelope.corrupt(key, "not a sliver: " + e.getMessage(), e);
        }
    }

    /**
     * The checked payload of the sliver's file, or null if it has none. A file deleted under the reader by a
     * concurrent replace or delete is looked up again once, so that the race reads as the new state, not as damage.
     */
    private byte[] fromFile(byte[] key) {
        byte[] fileKey = KeyLayout.retable(key, KeyLayout.SLIVER_FILE);
        SliverFiles files = storage.files();
        byte[] pointer = storage.payload(fileKey, true);
        for (int attempt = 0; pointer != null; attempt++) {
            try {
                return ValueEnvelope.open(key, files.read(SliverFiles.parse(fileKey, key, pointer)));
            } catch (CorruptValueException e) {
                byte[] now = storage.payload(fileKey, true);
                if (attempt > 0 || Arrays.equals(pointer, now)) {
                    throw e;
                }
                pointer = now;
            }
        }
        return null;
    }

    @Override
    public boolean has(int shard, BlobId blobId, SliverType type) {
        return storage.exists(KeyLayout.sliverLength(shard, StorageLimits.checkBlobId(blobId), type));
    }

    @Override
    public void deleteBlob(int shard, BlobId blobId) {
        storage.atomically(batch -> batch.deleteSlivers(shard, blobId));
    }

    @Override
    public void deleteShard(int shard) {
        StorageLimits.checkShard(shard);
        // One batch per step keeps write batches (and the write lock) small for shards of any size.
        BlobId cursor = null;
        List<BlobId> page;
        while (!(page = blobIds(shard, cursor, DELETE_SHARD_STEP)).isEmpty()) {
            List<BlobId> step = page;
            storage.atomically(batch -> step.forEach(blobId -> batch.deleteSlivers(shard, blobId)));
            cursor = page.get(page.size() - 1);
        }
    }

    @Override
    public List<BlobId> blobIds(int shard, BlobId after, int limit) {
        StorageLimits.checkLimit(limit);
        byte[] shardPrefix = KeyLayout.sliverLengthsOf(shard);
        byte[] start = after == null ? shardPrefix : KeyLayout.sliverLengthsOf(shard, after);
        return storage.scan(start, iterator -> {
            List<BlobId> page = new ArrayList<>();
            while (iterator.hasNext()) {
                byte[] key = iterator.next().getKey();
                if (!KeyLayout.startsWith(key, shardPrefix)) {
                    break;
                }
                BlobId blobId = KeyLayout.blobIdOf(key);
                boolean seen = blobId.equals(after) || (!page.isEmpty() && page.get(page.size() - 1).equals(blobId));
                if (!seen) {
                    if (page.size() == limit) {
                        break;
                    }
                    page.add(blobId);
                }
            }
            return page;
        });
    }

    @Override
    public long bytesStored() {
        return storage.sliverBytes();
    }
}
