package io.floe.protocol.metadata;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;

/** Metadata together with the blob ID it hashes to; construction checks that they match. */
public record VerifiedBlobMetadata(BlobId blobId, BlobMetadata metadata) {
    public VerifiedBlobMetadata {
        BlobId computed = metadata.blobId();
        if (!computed.equals(blobId)) {
            throw new IllegalArgumentException("metadata hashes to blob ID " + computed + ", not " + blobId);
        }
    }

    /** BCS {@code BlobMetadataWithId}: {@code blobId ‖ BlobMetadata}. */
    public byte[] toBcs() {
        BcsWriter writer = new BcsWriter(48 + metadata.shards() * 66);
        writer.fixedBytes(blobId.toBytes());
        metadata.writeTo(writer);
        return writer.toByteArray();
    }

    /** Parses and verifies {@code BlobMetadataWithId}; a mismatch between ID and metadata is a {@link BcsException}. */
    public static VerifiedBlobMetadata fromBcs(byte[] bcs) {
        BcsReader reader = new BcsReader(bcs);
        BlobId id = BlobId.of(reader.fixedBytes(32, "blob ID"));
        BlobMetadata metadata = BlobMetadata.readFrom(reader);
        reader.finish("blob metadata with ID");
        try {
            return new VerifiedBlobMetadata(id, metadata);
        } catch (IllegalArgumentException e) {
            throw new BcsException(e.getMessage());
        }
    }
}
