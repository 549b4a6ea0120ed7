package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.CorruptValueException;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.SliverType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.WriteBatch;

/**
 * Writes one batch's changes into a LevelDB write batch under the storage's write lock, reading what they replace
 * (through the batch's own earlier changes) to keep sliver lengths, the expiry index and the counters right.
 */
final class BatchWriter {
    private final DB db;
    private final WriteBatch writes;
    // Sliver files and log records whose entries this batch replaces or deletes: dropped once it commits.
    private final List<SliverFiles.Placed> obsolete = new ArrayList<>();
    // What this batch has written so far, by key: a value, or empty for a delete.
    private final Map<ByteBuffer, Optional<byte[]>> written = new HashMap<>();
    private long sliverBytes;
    private long blobInfoCount;

    BatchWriter(DB db, WriteBatch writes, long sliverBytes, long blobInfoCount) {
        this.db = db;
        this.writes = writes;
        this.sliverBytes = sliverBytes;
        this.blobInfoCount = blobInfoCount;
    }

    void put(byte[] key, byte[] value) {
        writes.put(key, value);
        written.put(ByteBuffer.wrap(key), Optional.of(value));
    }

    void delete(byte[] key) {
        writes.delete(key);
        written.put(ByteBuffer.wrap(key), Optional.empty());
    }

    /** A sliver kept inside the database; a file it had before is dropped. */
    void putSliver(byte[] key, byte[] lengthKey, byte[] value, long length) {
        replace(key, lengthKey, length);
        put(key, value);
        put(lengthKey, ValueEnvelope.seal(lengthKey, Longs.toBytes(length)));
    }

    /**
     * A sliver kept in a file or log record written already; an inline value or another file or record it had before
     * is dropped.
     */
    void putSliverFile(byte[] key, byte[] fileKey, byte[] pointer, byte[] lengthKey, long length) {
        if (replace(key, lengthKey, length)) {
            // Deleting a missing key is harmless, and cheaper than reading a large value to find out.
            delete(key);
        }
        put(fileKey, pointer);
        put(lengthKey, ValueEnvelope.seal(lengthKey, Longs.toBytes(length)));
    }

    void deleteSlivers(int shard, BlobId blobId) {
        for (SliverType type : SliverType.values()) {
            byte[] lengthKey = KeyLayout.sliverLength(shard, blobId, type);
            byte[] previous = current(lengthKey);
            if (previous != null) {
                sliverBytes = Math.max(0, sliverBytes - storedLength(lengthKey, previous));
                byte[] key = KeyLayout.sliverOfLengthKey(lengthKey);
                dropFile(KeyLayout.retable(key, KeyLayout.SLIVER_FILE), key);
                delete(lengthKey);
                delete(key);
            }
        }
    }

    /**
     * Accounts for the sliver a put of {@code length} bytes under {@code key} replaces and drops its file entry;
     * whether there was one. A sliver's length, data and file entries are written and deleted together, so without a
     * length entry there is nothing to look up: a new sliver costs one read, not three.
     */
    private boolean replace(byte[] key, byte[] lengthKey, long length) {
        byte[] previous = current(lengthKey);
        if (previous == null) {
            sliverBytes += length;
            return false;
        }
        sliverBytes += length - storedLength(lengthKey, previous);
        dropFile(KeyLayout.retable(key, KeyLayout.SLIVER_FILE), key);
        return true;
    }

    void putBlobInfo(BlobId blobId, byte[] key, byte[] value, byte[] expiryKey, byte[] expiryValue) {
        byte[] previous = current(key);
        if (previous == null) {
            blobInfoCount++;
        } else {
            deleteExpiryEntry(blobId, key, previous);
        }
        put(key, value);
        put(expiryKey, expiryValue);
    }

    void deleteBlobInfo(BlobId blobId, byte[] key) {
        byte[] previous = current(key);
        if (previous != null) {
            blobInfoCount--;
            deleteExpiryEntry(blobId, key, previous);
            delete(key);
        }
    }

    /** Adds the counters' new values to the batch. */
    void writeCounters(long oldSliverBytes, long oldBlobInfoCount) {
        if (sliverBytes != oldSliverBytes) {
            put(KeyLayout.SLIVER_BYTES_KEY, ValueEnvelope.seal(KeyLayout.SLIVER_BYTES_KEY, Longs.toBytes(sliverBytes)));
        }
        if (blobInfoCount != oldBlobInfoCount) {
            put(KeyLayout.BLOB_INFO_COUNT_KEY,
                    ValueEnvelope.seal(KeyLayout.BLOB_INFO_COUNT_KEY, Longs.toBytes(blobInfoCount)));
        }
    }

    /** The sliver files and log records to drop once this batch has committed. */
    List<SliverFiles.Placed> obsoleteFiles() {
        return obsolete;
    }

    long sliverBytes() {
        return sliverBytes;
    }

    long blobInfoCount() {
        return blobInfoCount;
    }

    /** Deletes the {@code 'f'} entry under {@code fileKey}, if any, and marks its file or record obsolete. */
    private void dropFile(byte[] fileKey, byte[] sliverKey) {
        byte[] raw = current(fileKey);
        if (raw == null) {
            return;
        }
        delete(fileKey);
        try {
            obsolete.add(SliverFiles.parse(fileKey, sliverKey, ValueEnvelope.open(fileKey, raw)));
        } catch (CorruptValueException e) {
            // Which file it named is unknown; the file, now unreferenced, is swept at the next open.
        }
    }

    /** The raw value under {@code key} as this batch would leave it, or null. */
    private byte[] current(byte[] key) {
        Optional<byte[]> mine = written.get(ByteBuffer.wrap(key));
        return mine != null ? mine.orElse(null) : LevelDbNodeStorage.get(db, key, true);
    }

    /** The sliver length in the raw entry {@code raw} under {@code lengthKey}; 0 if the entry is corrupt. */
    private static long storedLength(byte[] lengthKey, byte[] raw) {
        try {
            return Longs.fromBytes(lengthKey, ValueEnvelope.open(lengthKey, raw));
        } catch (CorruptValueException e) {
            // Overwriting or deleting is how a corrupt sliver gets repaired, so it must not fail here;
            // bytesStored() may drift by the lost length, which only ever matters for reporting.
            return 0;
        }
    }

    private void deleteExpiryEntry(BlobId blobId, byte[] key, byte[] previous) {
        try {
            BlobInfo old = BlobInfoCodec.decode(ValueEnvelope.open(key, previous));
            delete(KeyLayout.expiry(old.endEpoch(), blobId));
        } catch (CorruptValueException | IllegalArgumentException e) {
            // The old end epoch is unknown, so its index entry stays; readers check entries against the info and
            // skip this one.
        }
    }
}
