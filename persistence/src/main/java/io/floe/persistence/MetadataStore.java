package io.floe.persistence;

import io.floe.protocol.BlobId;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.Optional;

/** The metadata of the blobs a node knows, keyed by blob ID. */
public interface MetadataStore {

    /** Stores {@code metadata} under its blob ID ({@link BlobMetadata#blobId()}), replacing what was there. */
    void put(BlobMetadata metadata);

    /**
     * The metadata stored for {@code blobId}, or empty.
     *
     * @throws CorruptValueException when the stored bytes fail their checksum or do not parse
     */
    Optional<BlobMetadata> get(BlobId blobId);

    /** Whether metadata is stored for {@code blobId}, without reading or verifying it. */
    boolean has(BlobId blobId);

    /** Deletes the metadata of {@code blobId}; deleting nothing is not an error. */
    void delete(BlobId blobId);
}
