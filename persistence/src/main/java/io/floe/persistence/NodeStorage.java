package io.floe.persistence;

import java.util.function.Consumer;

/**
 * A node's local storage: the sliver, metadata, blob-info and node-state stores over one database, and atomic
 * batches across them (storing a blob's metadata, info and slivers is all-or-nothing).
 *
 * <p>Implementations are thread-safe. After {@link #close()}, every operation throws {@link IllegalStateException}.
 */
public interface NodeStorage extends AutoCloseable {

    /** The sliver store. */
    SliverStore slivers();

    /** The metadata store. */
    MetadataStore metadata();

    /** The blob-info store. */
    BlobInfoStore blobInfo();

    /** The node-state store. */
    NodeStateStore nodeState();

    /**
     * Runs {@code changes} on a fresh batch, then applies everything it added at once; if {@code changes} throws,
     * nothing is applied and the exception propagates.
     */
    void atomically(Consumer<StorageBatch> changes);

    /**
     * Makes every write that returned before this call durable (an fsync of the write-ahead log), whether or not
     * its batch was synced itself. A node calls it before it signs that it stores something.
     */
    void flush();

    /** The sliver log's use of disk; {@link SliverLogUsage#NONE} for storage without one. */
    default SliverLogUsage sliverLog() {
        return SliverLogUsage.NONE;
    }

    /** Releases the database; further operations throw {@link IllegalStateException}. Closing twice is harmless. */
    @Override
    void close();
}
