package io.floe.client;

/**
 * Told how many bytes of a {@link PublisherClient} upload or download have moved so far, for a progress display;
 * called from the HTTP client's threads, often, so it must be cheap.
 */
@FunctionalInterface
public interface TransferProgress {
    /** Ignores every update. */
    TransferProgress NONE = (done, total) -> { };

    /** {@code done} bytes of {@code total} ({@code -1} when the total is unknown) have been sent or received. */
    void update(long done, long total);
}
