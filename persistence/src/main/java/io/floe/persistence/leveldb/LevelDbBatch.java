package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.StorageBatch;
import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects a batch's changes with their values already encoded and sealed, so that the write lock is held only to
 * read what they replace and write them ({@link BatchWriter}).
 */
final class LevelDbBatch implements StorageBatch {
    private static final byte[] EMPTY = new byte[0];

    private final List<Consumer<BatchWriter>> changes = new ArrayList<>();
    private final SliverFiles files;
    // Sliver files and log records this batch wrote: referenced once it commits, dropped if it does not.
    private final List<SliverFiles.Placed> written = new ArrayList<>();
    private boolean changesSlivers;
    private boolean changesOthers;
    private boolean sealed;

    LevelDbBatch(SliverFiles files) {
        this.files = files;
    }

    /**
     * Writes a large sliver's file or log record now, outside the write lock; the batch commits only its entry.
     */
    @Override
    public StorageBatch putSliver(int shard, BlobId blobId, Sliver sliver) {
        Objects.requireNonNull(sliver, "sliver");
        checkOpen();
        byte[] key = KeyLayout.sliver(shard, StorageLimits.checkBlobId(blobId), sliver.type());
        byte[] lengthKey = KeyLayout.sliverLength(shard, blobId, sliver.type());
        byte[] value = ValueEnvelope.seal(key, sliver.toBcs());
        long length = sliver.data().length;
        if (!files.wantsOutside(value.length)) {
            return add(writer -> writer.putSliver(key, lengthKey, value, length), true);
        }
        SliverFiles.Placed placed = files.write(key, value);
        written.add(placed);
        byte[] fileKey = KeyLayout.retable(key, KeyLayout.SLIVER_FILE);
        byte[] pointer = ValueEnvelope.seal(fileKey, placed.pointer());
        return add(writer -> writer.putSliverFile(key, fileKey, pointer, lengthKey, length), true);
    }

    @Override
    public StorageBatch deleteSlivers(int shard, BlobId blobId) {
        StorageLimits.checkShard(shard);
        StorageLimits.checkBlobId(blobId);
        return add(writer -> writer.deleteSlivers(shard, blobId), true);
    }

    @Override
    public StorageBatch putMetadata(BlobMetadata metadata) {
        byte[] key = KeyLayout.metadata(Objects.requireNonNull(metadata, "metadata").blobId());
        byte[] value = ValueEnvelope.seal(key, metadata.toBcs());
        return add(writer -> writer.put(key, value), false);
    }

    @Override
    public StorageBatch deleteMetadata(BlobId blobId) {
        byte[] key = KeyLayout.metadata(StorageLimits.checkBlobId(blobId));
        return add(writer -> writer.delete(key), false);
    }

    @Override
    public StorageBatch putBlobInfo(BlobId blobId, BlobInfo info) {
        byte[] key = KeyLayout.blobInfo(StorageLimits.checkBlobId(blobId));
        byte[] value = ValueEnvelope.seal(key, BlobInfoCodec.encode(Objects.requireNonNull(info, "info")));
        byte[] expiryKey = KeyLayout.expiry(info.endEpoch(), blobId);
        byte[] expiryValue = ValueEnvelope.seal(expiryKey, EMPTY);
        return add(writer -> writer.putBlobInfo(blobId, key, value, expiryKey, expiryValue), false);
    }

    @Override
    public StorageBatch deleteBlobInfo(BlobId blobId) {
        byte[] key = KeyLayout.blobInfo(StorageLimits.checkBlobId(blobId));
        return add(writer -> writer.deleteBlobInfo(blobId, key), false);
    }

    @Override
    public StorageBatch putState(String key, byte[] value) {
        byte[] rawKey = KeyLayout.nodeState(key);
        byte[] sealed = ValueEnvelope.seal(rawKey, Objects.requireNonNull(value, "value"));
        return add(writer -> writer.put(rawKey, sealed), false);
    }

    @Override
    public StorageBatch deleteState(String key) {
        byte[] rawKey = KeyLayout.nodeState(key);
        return add(writer -> writer.delete(rawKey), false);
    }

    /** Ends the batch: later changes are refused. */
    void seal() {
        sealed = true;
    }

    /** Drops the sliver files and log records this batch wrote: it was not committed. */
    void abandon() {
        files.release(written);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Whether the settings ask to fsync a batch with these changes. */
    boolean needsSync(LevelDbSettings settings) {
        return (changesSlivers && settings.syncSlivers()) || (changesOthers && settings.syncMetadata());
    }

    void applyTo(BatchWriter writer) {
        changes.forEach(change -> change.accept(writer));
    }

    private void checkOpen() {
        if (sealed) {
            throw new IllegalStateException("this batch was already applied or abandoned; start a new one");
        }
    }

    private StorageBatch add(Consumer<BatchWriter> change, boolean changesSliver) {
        checkOpen();
        changes.add(change);
        changesSlivers |= changesSliver;
        changesOthers |= !changesSliver;
        return this;
    }
}
