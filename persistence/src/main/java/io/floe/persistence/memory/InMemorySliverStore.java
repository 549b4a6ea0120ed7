package io.floe.persistence.memory;

import io.floe.persistence.SliverStore;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory {@link SliverStore}: slivers ordered by shard, blob ID and type, as in LevelDB. */
final class InMemorySliverStore implements SliverStore {
    private static final BlobId LOWEST_BLOB_ID = BlobId.of(new byte[BlobId.LENGTH]);

    private final InMemoryNodeStorage storage;
    private final ConcurrentSkipListMap<Key, Sliver> slivers = new ConcurrentSkipListMap<>();
    private long bytesStored;

    InMemorySliverStore(InMemoryNodeStorage storage) {
        this.storage = storage;
    }

    @Override
    public void put(int shard, BlobId blobId, Sliver sliver) {
        storage.atomically(batch -> batch.putSliver(shard, blobId, sliver));
    }

    @Override
    public Optional<Sliver> get(int shard, BlobId blobId, SliverType type) {
        Key key = new Key(StorageLimits.checkShard(shard), StorageLimits.checkBlobId(blobId), type);
        return storage.read(() -> Optional.ofNullable(slivers.get(key)).map(InMemorySliverStore::copy));
    }

    @Override
    public boolean has(int shard, BlobId blobId, SliverType type) {
        Key key = new Key(StorageLimits.checkShard(shard), StorageLimits.checkBlobId(blobId), type);
        return storage.read(() -> slivers.containsKey(key));
    }

    @Override
    public void deleteBlob(int shard, BlobId blobId) {
        storage.atomically(batch -> batch.deleteSlivers(shard, blobId));
    }

    @Override
    public void deleteShard(int shard) {
        StorageLimits.checkShard(shard);
        storage.write(() -> {
            NavigableMap<Key, Sliver> range = shardRange(shard, null);
            range.values().forEach(sliver -> bytesStored -= sliver.data().length);
            range.clear();
        });
    }

    @Override
    public List<BlobId> blobIds(int shard, BlobId after, int limit) {
        StorageLimits.checkShard(shard);
        StorageLimits.checkLimit(limit);
        return storage.read(() -> {
            List<BlobId> page = new ArrayList<>();
            for (Key key : shardRange(shard, after).keySet()) {
                if (page.isEmpty() || !page.get(page.size() - 1).equals(key.blobId())) {
                    if (page.size() == limit) {
                        break;
                    }
                    page.add(key.blobId());
                }
            }
            return page;
        });
    }

    @Override
    public long bytesStored() {
        return storage.read(() -> bytesStored);
    }

    void doPut(int shard, BlobId blobId, Sliver sliver) {
        Sliver previous = slivers.put(new Key(shard, blobId, sliver.type()), sliver);
        bytesStored += sliver.data().length - (previous == null ? 0 : previous.data().length);
    }

    void doDeleteBlob(int shard, BlobId blobId) {
        for (SliverType type : SliverType.values()) {
            Sliver previous = slivers.remove(new Key(shard, blobId, type));
            if (previous != null) {
                bytesStored -= previous.data().length;
            }
        }
    }

    static Sliver copy(Sliver sliver) {
        return new Sliver(sliver.type(), sliver.index(), sliver.symbolSize(), sliver.data().clone());
    }

    /** The slivers of {@code shard}, after every sliver of {@code after} if given. */
    private NavigableMap<Key, Sliver> shardRange(int shard, BlobId after) {
        Key end = new Key(shard + 1, LOWEST_BLOB_ID, SliverType.PRIMARY);
        if (after == null) {
            return slivers.subMap(new Key(shard, LOWEST_BLOB_ID, SliverType.PRIMARY), true, end, false);
        }
        // The secondary sliver sorts last for a blob, so starting after it skips the whole cursor blob.
        return slivers.subMap(new Key(shard, after, SliverType.SECONDARY), false, end, false);
    }

    private record Key(int shard, BlobId blobId, SliverType type) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::shard)
                .thenComparing(Key::blobId)
                .thenComparing(Key::type);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }
}
