package io.floe.storage;

import io.floe.node.CommitteeView;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage-collects expired blobs when the committee view advances to a new epoch (and once at start, for a node
 * that was down across an epoch change): on its own thread, never on the view's, paged, one atomic batch per blob.
 * Advances that arrive while a collection runs fold into one more run for the latest epoch.
 */
public final class ExpiryCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExpiryCollector.class);
    private static final int PAGE_SIZE = 128;

    private final StorageService service;
    private final CommitteeView view;
    private final ExecutorService executor;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong collected = new AtomicLong();

    public ExpiryCollector(StorageService service) {
        this.service = service;
        this.view = service.view();
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "floe-expiry-" + view.nodeId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Collects for the current epoch now and after every advance of the view. */
    public void start() {
        view.onAdvance(committee -> request(committee.epoch()));
        request(view.epoch());
    }

    /** The latest epoch for which a collection finished (0 before the first). */
    public long collectedEpoch() {
        return collected.get();
    }

    private void request(long epoch) {
        if (epoch <= 0 || requested.getAndAccumulate(epoch, Math::max) >= epoch) {
            return;
        }
        try {
            executor.execute(this::collect);
        } catch (RejectedExecutionException e) {
            log.debug("expiry collector closed; epoch {} not collected", epoch);
        }
    }

    private void collect() {
        long epoch = requested.get();
        if (epoch <= collected.get()) {
            return;
        }
        try {
            service.collectExpired(epoch, PAGE_SIZE);
            collected.accumulateAndGet(epoch, Math::max);
        } catch (RuntimeException e) {
            // The next advance (or restart) tries again; nothing half-done stays, each blob is one batch.
            log.warn("garbage collection failed node={} epoch={} error={}", view.nodeId(), epoch, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
