package io.floe.storage;

import io.floe.protocol.BlobId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of {@code GET /v1/blobs}: what a node records about each blob it knows, in blob-ID order, and the cursor
 * of the next page. Peers page through it to learn certificates, deletions and extensions they missed.
 *
 * @param blobs the page
 * @param next the blob ID to pass as {@code after} for the next page; empty on the last page
 */
public record BlobListing(List<Entry> blobs, Optional<BlobId> next) {
    public BlobListing {
        blobs = List.copyOf(blobs);
    }

    /**
     * One blob.
     *
     * @param status {@code registered}, {@code certified}, {@code invalid}, {@code expired} or {@code deleted}
     * @param size the unencoded length in bytes
     * @param deletionToken base64url token of a deleted blob, revealed by its deletion so peers can check it
     */
    public record Entry(BlobId blobId, String status, long size, long endEpoch, OptionalLong certifiedEpoch,
            boolean deletable, Optional<String> deletionToken) {
    }
}
