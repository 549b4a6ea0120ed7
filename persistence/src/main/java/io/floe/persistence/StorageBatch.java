package io.floe.persistence;

import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.metadata.BlobMetadata;

/**
 * Changes collected inside {@link NodeStorage#atomically} and applied together: all of them or none.
 *
 * <p>Arguments are checked when a change is added, so a bad one throws inside the batch and nothing is applied.
 * Changes are not visible to reads until the batch is applied; later changes to the same key win. A batch cannot be
 * used after {@code atomically} returns.
 */
public interface StorageBatch {

    /** Adds {@link SliverStore#put}. */
    StorageBatch putSliver(int shard, BlobId blobId, Sliver sliver);

    /** Adds {@link SliverStore#deleteBlob}. */
    StorageBatch deleteSlivers(int shard, BlobId blobId);

    /** Adds {@link MetadataStore#put}. */
    StorageBatch putMetadata(BlobMetadata metadata);

    /** Adds {@link MetadataStore#delete}. */
    StorageBatch deleteMetadata(BlobId blobId);

    /** Adds {@link BlobInfoStore#put}. */
    StorageBatch putBlobInfo(BlobId blobId, BlobInfo info);

    /** Adds {@link BlobInfoStore#delete}. */
    StorageBatch deleteBlobInfo(BlobId blobId);

    /** Adds {@link NodeStateStore#put}. */
    StorageBatch putState(String key, byte[] value);

    /** Adds {@link NodeStateStore#delete}. */
    StorageBatch deleteState(String key);
}
