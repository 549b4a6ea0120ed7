package io.floe.storage;

import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;

/**
 * Told by the {@link StorageService} when a node must repair a blob on its own: a certified blob lacks slivers (or
 * holds corrupt ones), or a valid certificate arrived for a blob the node never saw registered. Implementations
 * return at once and do the work elsewhere.
 */
public interface RepairListener {
    /** Does nothing; the default until a recovery worker is attached. */
    RepairListener NONE = new RepairListener() {
        @Override
        public void blobNeedsRepair(BlobId blobId) {
        }

        @Override
        public void certifiedBlobUnknown(Certificate certificate) {
        }
    };

    /** A certified blob on this node lacks slivers of its shards, or one of them is corrupt. */
    void blobNeedsRepair(BlobId blobId);

    /** A certificate, verified against the committee, for a blob this node has no registration of. */
    void certifiedBlobUnknown(Certificate certificate);
}
