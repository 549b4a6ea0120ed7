package io.floe.persistence;

/** Where a blob stands in its lifecycle on this node. */
public enum BlobStatus {
    /** Registered (metadata, length, end epoch known), not yet certified. */
    REGISTERED,
    /** A certificate shows that a quorum of shards stores the blob: the point of availability. */
    CERTIFIED,
    /** Shown to be encoded inconsistently; its slivers are not served. */
    INVALID,
    /** Deleted by its owner (deletable blobs only) and awaiting garbage collection. */
    DELETED
}
