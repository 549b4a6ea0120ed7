package io.floe.storage;

import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.Objects;

/**
 * One certified blob of a shard-sync page: its metadata, certificate, end epoch and persistence (so that a node that
 * never saw the blob can adopt it), and the BCS slivers of the shard's pair, empty when the source lacks one intact.
 * The slivers stay bytes until the receiver verifies them.
 */
public record SyncedBlob(BlobId blobId, BlobMetadata metadata, Certificate certificate, long endEpoch,
        BlobPersistence persistence, byte[] primary, byte[] secondary) {

    public SyncedBlob {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(persistence, "persistence");
        primary = primary == null ? new byte[0] : primary;
        secondary = secondary == null ? new byte[0] : secondary;
    }

    /** The bytes this entry carries, roughly: what a page's byte budget counts. */
    long size() {
        return primary.length + secondary.length + 66L * metadata.shards() + 256;
    }
}
