package io.floe.persistence;

import io.floe.protocol.BlobId;
import java.util.Objects;

/** A blob ID with its stored {@link BlobInfo}, as returned by listings. */
public record BlobInfoEntry(BlobId blobId, BlobInfo info) {
    public BlobInfoEntry {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(info, "info");
    }
}
