package io.floe.metrics;

import io.floe.protocol.BlobId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One node's metrics (docs/metrics.md): its own Prometheus registry (several nodes share a JVM in tests, so never
 * the global one) with JVM and disk gauges, and the few calls the data plane makes at its central points: HTTP
 * requests, slivers and blobs stored and read, encode and decode time, sliver recoveries. Also keeps the node's
 * recent activity for {@code /v1/status}. Thread-safe.
 */
public final class FloeMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gcMetrics;
    private final RecentActivity activity = new RecentActivity(RecentActivity.DEFAULT_CAPACITY);
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    private final Counter sliversStored;
    private final Counter sliverBytesStored;
    private final Counter sliversRead;
    private final Counter sliverBytesRead;
    private final Counter blobBytesStored;
    private final Counter blobsRead;
    private final Counter blobBytesRead;
    private final Timer encode;
    private final Timer decode;
    private final Counter sliversRecovered;
    private final Counter recoveriesFailed;

    private FloeMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.gcMetrics = gcMetrics;
        this.sliversStored = Counter.builder("floe.storage.slivers.stored")
                .description("Slivers written to this node's sliver store").register(registry);
        this.sliverBytesStored = Counter.builder("floe.storage.stored").baseUnit("bytes")
                .description("Sliver bytes written to this node's sliver store").register(registry);
        this.sliversRead = Counter.builder("floe.storage.slivers.read")
                .description("Slivers read from this node's sliver store").register(registry);
        this.sliverBytesRead = Counter.builder("floe.storage.read").baseUnit("bytes")
                .description("Sliver bytes read from this node's sliver store").register(registry);
        this.blobBytesStored = Counter.builder("floe.publisher.stored").baseUnit("bytes")
                .description("Unencoded bytes of the blobs this node's publisher stored").register(registry);
        this.blobsRead = Counter.builder("floe.aggregator.blobs.read")
                .description("Blobs this node's aggregator read back").register(registry);
        this.blobBytesRead = Counter.builder("floe.aggregator.read").baseUnit("bytes")
                .description("Bytes of the blobs this node's aggregator read back").register(registry);
        this.encode = Timer.builder("floe.publisher.encode")
                .description("Time to encode a blob into sliver pairs (Red Stuff)").register(registry);
        this.decode = Timer.builder("floe.aggregator.decode")
                .description("Time to decode a blob from primary slivers").register(registry);
        this.sliversRecovered = Counter.builder("floe.recovery.slivers.recovered")
                .description("Slivers this node rebuilt from recovery symbols").register(registry);
        this.recoveriesFailed = Counter.builder("floe.recovery.blobs.failed")
                .description("Blob repairs that gave up after their attempts").register(registry);
    }

    /**
     * The metrics of node {@code nodeId}: a Prometheus registry tagged {@code node=nodeId}, with JVM memory, GC and
     * thread metrics and the free and total space of the file system that holds {@code dataDirectory}.
     */
    public static FloeMetrics create(String nodeId, Path dataDirectory) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("node", nodeId);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        FloeMetrics metrics = new FloeMetrics(prometheus, prometheus, gc);
        metrics.gauge("floe.disk.free", "Usable space on the file system of the data directory", "bytes",
                dataDirectory, directory -> space(directory, false));
        metrics.gauge("floe.disk.total", "Size of the file system of the data directory", "bytes",
                dataDirectory, directory -> space(directory, true));
        return metrics;
    }

    /** Metrics that count nothing and export nothing: for publishers and aggregators outside a node (the CLI). */
    public static FloeMetrics disabled() {
        return new FloeMetrics(new CompositeMeterRegistry(), null, null);
    }

    /** The registry, for gauges of other parts of the node. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Registers a gauge read at every scrape; {@code unit} may be null. */
    public <T> void gauge(String name, String description, String unit, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).baseUnit(unit)
                .strongReference(true).register(registry);
    }

    /** Runs {@code refresh} before every scrape (to update multi-gauges such as shards by status). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** The Prometheus text exposition of every metric of this node; empty for {@link #disabled()} metrics. */
    public String scrape() {
        if (prometheus == null) {
            return "";
        }
        beforeScrape.forEach(Runnable::run);
        return prometheus.scrape();
    }

    /** One HTTP request answered: {@code route} is a template ({@code /v1/blobs/{id}}), never a raw path. */
    public void httpRequest(String api, String method, String route, int status, long nanos) {
        Timer.builder("floe.http.requests").description("HTTP requests answered, by API, method, route and status")
                .tags("api", api, "method", method, "route", route, "status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A sliver of {@code bytes} bytes written to the sliver store. */
    public void sliverStored(long bytes) {
        sliversStored.increment();
        sliverBytesStored.increment(bytes);
    }

    /** A sliver of {@code bytes} bytes read from the sliver store. */
    public void sliverRead(long bytes) {
        sliversRead.increment();
        sliverBytesRead.increment(bytes);
    }

    /** The publisher stored a blob ({@code newlyCreated}) or found it certified already. */
    public void blobStored(BlobId blobId, long bytes, boolean newlyCreated, long nanos) {
        Counter.builder("floe.publisher.blobs.stored").description("Blobs this node's publisher stored, by result")
                .tag("result", newlyCreated ? "newly_created" : "already_certified").register(registry).increment();
        blobBytesStored.increment(bytes);
        activity.record(newlyCreated ? "store" : "store (already certified)", blobId.toString(), bytes, nanos);
    }

    /** The aggregator read a blob back. */
    public void blobRead(BlobId blobId, long bytes, long nanos) {
        blobsRead.increment();
        blobBytesRead.increment(bytes);
        activity.record("read", blobId.toString(), bytes, nanos);
    }

    /** A store or read that failed, for the node's recent activity. */
    public void requestFailed(String kind, String blobId, String error) {
        activity.recordFailure(kind, blobId, error);
    }

    /** Runs the encoding, timed. */
    public <T> T encode(Supplier<T> encoding) {
        return encode.record(encoding);
    }

    /** Runs the decoding, timed. */
    public <T> T decode(Supplier<T> decoding) {
        return decode.record(decoding);
    }

    /** A sliver rebuilt from recovery symbols and stored. */
    public void sliverRecovered(BlobId blobId) {
        sliversRecovered.increment();
        activity.record("sliver recovered", blobId.toString(), 0, 0);
    }

    /** A blob repair gave up after its attempts. */
    public void recoveryFailed(BlobId blobId) {
        recoveriesFailed.increment();
        activity.recordFailure("recovery", blobId.toString(), "gave up after its attempts");
    }

    /** What the node did lately (stores, reads, recoveries), newest first. */
    public RecentActivity activity() {
        return activity;
    }

    /** Totals since the node started, for {@code /v1/status}. */
    public Totals totals() {
        return new Totals(
                (long) registry.find("floe.publisher.blobs.stored").counters().stream()
                        .mapToDouble(Counter::count).sum(),
                (long) blobBytesStored.count(), (long) blobsRead.count(), (long) blobBytesRead.count(),
                (long) sliversStored.count(), (long) sliverBytesStored.count(), (long) sliversRead.count(),
                (long) sliversRecovered.count());
    }

    /** What the node's publisher, aggregator and sliver store did since it started. */
    public record Totals(long blobsStored, long bytesStored, long blobsRead, long bytesRead, long sliversStored,
            long sliverBytesStored, long sliversRead, long sliversRecovered) {
    }

    private static double space(Path directory, boolean total) {
        try {
            FileStore store = Files.getFileStore(directory);
            return total ? store.getTotalSpace() : store.getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }
}
