package io.floe.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.NodeApiJson;
import io.floe.metrics.FloeMetrics;
import io.floe.metrics.RecentActivity;
import io.floe.metrics.RecentErrors;
import io.floe.node.CommitteeView;
import io.floe.persistence.NodeStorage;
import io.floe.protocol.committee.Committee;
import io.floe.shard.ShardStatus;
import io.floe.shard.ShardStatusRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What one node says about itself on {@code GET /v1/status} (docs/node-api.md): identity and addresses, uptime,
 * epoch, its shards with their status, what it stores, free disk, recent activity and last errors; also registers
 * the node-level gauges of docs/metrics.md (epoch, committee, shards by status, storage, cluster members).
 */
public final class NodeStatusReporter {
    /** Where the node can be reached; any URL may be null when the node does not serve it (test harnesses). */
    public record Addresses(String nodeApiUrl, String publisherUrl, String managementUrl, String artery) {
        /** {@code nodeApiUrl/metrics}, where Prometheus scrapes the node. */
        public String metricsUrl() {
            return nodeApiUrl == null ? null : nodeApiUrl + "/metrics";
        }
    }

    /** One shard on this node: its status, and its sync progress (0 to 1) while it syncs or recovers. */
    public record ShardReport(int shard, ShardStatus status, OptionalDouble syncProgress, boolean owned) {
    }

    private final CommitteeView view;
    private final NodeStorage storage;
    private final Path dataDirectory;
    private final FloeMetrics metrics;
    private final RecentErrors errors;
    private final ShardStatusRegistry shardStatuses;
    private final Supplier<Addresses> addresses;
    private final ClusterMembership membership;
    private final Instant startedAt = Instant.now();
    private volatile Instant epochSeenAt;

    /**
     * @param membership the node's Pekko cluster membership, or {@link ClusterMembership#NONE} outside a cluster
     */
    public NodeStatusReporter(CommitteeView view, NodeStorage storage, Path dataDirectory, FloeMetrics metrics,
            RecentErrors errors, ShardStatusRegistry shardStatuses, Supplier<Addresses> addresses,
            ClusterMembership membership) {
        this.view = view;
        this.storage = storage;
        this.dataDirectory = dataDirectory;
        this.metrics = metrics;
        this.errors = errors;
        this.shardStatuses = shardStatuses;
        this.addresses = addresses;
        this.membership = membership;
        if (view.committee().isPresent()) {
            epochSeenAt = startedAt;
        }
        view.onAdvance(committee -> epochSeenAt = Instant.now());
        registerGauges();
    }

    public String nodeId() {
        return view.nodeId();
    }

    /** The shards this node owns in the current committee, and any other shard that reported from here. */
    public List<ShardReport> shards() {
        SortedMap<Integer, ShardStatusRegistry.Entry> reported = shardStatuses.entries();
        Map<Integer, ShardReport> shards = new TreeMap<>();
        Optional<Committee> committee = view.committee();
        for (int shard : committee.map(view::shardsIn).orElse(List.of())) {
            ShardStatusRegistry.Entry entry = reported.get(shard);
            shards.put(shard, entry == null ? new ShardReport(shard, ShardStatus.ACTIVE, OptionalDouble.empty(), true)
                    : new ShardReport(shard, entry.status(), entry.syncProgress(), true));
        }
        reported.forEach((shard, entry) -> shards.putIfAbsent(shard,
                new ShardReport(shard, entry.status(), entry.syncProgress(), false)));
        return new ArrayList<>(shards.values());
    }

    /** The {@code data} of {@code GET /v1/status}. */
    public ObjectNode status() {
        ObjectNode status = NodeApiJson.object();
        Instant now = Instant.now();
        Optional<Committee> committee = view.committee();
        status.put("nodeId", view.nodeId());
        status.put("publicKey", view.keys().publicKey().toString());
        status.put("ready", committee.isPresent());
        Addresses address = addresses.get();
        ObjectNode urls = status.putObject("address");
        urls.put("nodeApiUrl", address.nodeApiUrl());
        urls.put("publisherUrl", address.publisherUrl());
        urls.put("managementUrl", address.managementUrl());
        urls.put("metricsUrl", address.metricsUrl());
        urls.put("artery", address.artery());
        status.put("startedAt", startedAt.toString());
        status.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
        status.put("observedAt", now.toString());
        status.set("epoch", epoch(committee));
        List<ShardReport> shards = shards();
        ArrayNode shardList = status.putArray("shards");
        Map<ShardStatus, Integer> counts = new EnumMap<>(ShardStatus.class);
        for (ShardReport shard : shards) {
            ObjectNode entry = shardList.addObject();
            entry.put("shard", shard.shard());
            entry.put("status", ShardStatusRegistry.walrusName(shard.status()));
            if (shard.syncProgress().isPresent()) {
                entry.put("syncProgress", shard.syncProgress().getAsDouble());
            } else {
                entry.putNull("syncProgress");
            }
            entry.put("owned", shard.owned());
            counts.merge(shard.status(), 1, Integer::sum);
        }
        ObjectNode shardCounts = status.putObject("shardCounts");
        counts.forEach((shardStatus, count) -> shardCounts.put(ShardStatusRegistry.walrusName(shardStatus), count));
        status.set("storage", storageReport());
        status.set("traffic", NodeApiJson.MAPPER.valueToTree(metrics.totals()));
        status.set("cluster", membership.report().orElse(null));
        ArrayNode activity = status.putArray("recentActivity");
        for (RecentActivity.Event event : metrics.activity().events()) {
            ObjectNode entry = activity.addObject();
            entry.put("at", event.at().toString());
            entry.put("kind", event.kind());
            entry.put("blobId", event.blobId());
            entry.put("bytes", event.bytes());
            entry.put("millis", event.millis());
            entry.put("error", event.error());
        }
        ArrayNode lastErrors = status.putArray("lastErrors");
        for (RecentErrors.Entry error : errors.entries()) {
            ObjectNode entry = lastErrors.addObject();
            entry.put("at", error.at().toString());
            entry.put("level", error.level());
            entry.put("logger", error.logger());
            entry.put("message", error.message());
        }
        return status;
    }

    /**
     * The epoch and how far its change has come: {@code changeDone} once members holding a quorum of shards hold
     * every shard they own in it; when it started, the configured length, and how far into it the node is
     * ({@code progress} from 0 to 1; past 1 the next epoch is due). Null where the node does not know them (a data
     * plane without a control plane).
     */
    private ObjectNode epoch(Optional<Committee> committee) {
        ObjectNode epoch = NodeApiJson.object();
        long current = view.epoch();
        epoch.put("epoch", current);
        epoch.put("changeDone", committee.isPresent() && view.epochChangeDone() >= current);
        epoch.put("changeDoneEpoch", view.epochChangeDone());
        Instant seen = epochSeenAt;
        epoch.put("knownSince", seen == null ? null : seen.toString());
        long syncing = shards().stream().filter(shard -> shard.status() != ShardStatus.ACTIVE).count();
        epoch.put("shardsNotActive", syncing);
        Optional<Instant> start = view.epochStart(current);
        Optional<java.time.Duration> length = view.epochDuration();
        epoch.put("start", start.map(Instant::toString).orElse(null));
        if (length.isPresent()) {
            epoch.put("duration", length.get().toString());
            epoch.put("durationSeconds", length.get().toMillis() / 1000.0);
        } else {
            epoch.putNull("duration");
        }
        if (start.isPresent() && length.isPresent() && !length.get().isZero()) {
            double elapsed = java.time.Duration.between(start.get(), Instant.now()).toMillis();
            epoch.put("progress", Math.max(0, Math.min(1, elapsed / length.get().toMillis())));
        } else {
            epoch.putNull("progress");
        }
        return epoch;
    }

    private ObjectNode storageReport() {
        ObjectNode report = NodeApiJson.object();
        report.put("dataDir", dataDirectory.toString());
        putMeasured(report, "blobs", () -> storage.blobInfo().count());
        putMeasured(report, "sliverBytes", () -> storage.slivers().bytesStored());
        putMeasured(report, "sliverLogBytes", () -> storage.sliverLog().totalBytes());
        putMeasured(report, "sliverLogLiveBytes", () -> storage.sliverLog().liveBytes());
        putMeasured(report, "diskFreeBytes", () -> fileStore().getUsableSpace());
        putMeasured(report, "diskTotalBytes", () -> fileStore().getTotalSpace());
        return report;
    }

    private interface Measure {
        long get() throws IOException;
    }

    /** A measure that fails (storage closed, disk gone) is null rather than a failed status. */
    private static void putMeasured(ObjectNode node, String field, Measure measure) {
        try {
            node.put(field, measure.get());
        } catch (IOException | RuntimeException e) {
            node.putNull(field);
        }
    }

    private FileStore fileStore() throws IOException {
        return Files.getFileStore(dataDirectory);
    }

    private double measured(Measure measure) {
        try {
            return measure.get();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private void registerGauges() {
        metrics.gauge("floe.epoch", "The current epoch this node knows (0 before genesis)", null, view,
                CommitteeView::epoch);
        metrics.gauge("floe.committee.members", "Members of the current committee", null, view,
                v -> v.committee().map(c -> c.members().size()).orElse(0));
        metrics.gauge("floe.committee.shards", "Shards n of the current committee", null, view,
                v -> v.committee().map(Committee::shards).orElse(0));
        metrics.gauge("floe.storage.blobs", "Blobs this node keeps information about", null, this,
                reporter -> measured(() -> storage.blobInfo().count()));
        metrics.gauge("floe.storage.sliver", "Sliver bytes this node stores", "bytes", this,
                reporter -> measured(() -> storage.slivers().bytesStored()));
        metrics.gauge("floe.storage.sliver.log", "Bytes of the sliver log's segments, dead records included",
                "bytes", this, reporter -> measured(() -> storage.sliverLog().totalBytes()));
        metrics.gauge("floe.storage.sliver.log.live", "Bytes of the sliver log's records that are still stored",
                "bytes", this, reporter -> measured(() -> storage.sliverLog().liveBytes()));
        metrics.gauge("floe.storage.sliver.log.segments", "Segment files of the sliver log", null, this,
                reporter -> measured(() -> storage.sliverLog().segments()));
        metrics.gauge("floe.node.uptime", "Time since this node's data plane started", "seconds", this,
                reporter -> Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        MultiGauge byStatus = MultiGauge.builder("floe.shards")
                .description("Shards on this node, by status").register(metrics.registry());
        MultiGauge progress = MultiGauge.builder("floe.shard.sync.progress").baseUnit("ratio")
                .description("Sync or recovery progress of each shard that is not Active (0 to 1)")
                .register(metrics.registry());
        metrics.beforeScrape(() -> {
            List<ShardReport> shards = shards();
            Map<ShardStatus, Integer> counts = new EnumMap<>(ShardStatus.class);
            for (ShardStatus shardStatus : ShardStatus.values()) {
                counts.put(shardStatus, 0);
            }
            shards.forEach(shard -> counts.merge(shard.status(), 1, Integer::sum));
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach((shardStatus, count) -> rows.add(MultiGauge.Row.of(
                    Tags.of("status", ShardStatusRegistry.walrusName(shardStatus)), count)));
            byStatus.register(rows, true);
            List<MultiGauge.Row<?>> syncing = new ArrayList<>();
            shards.stream().filter(shard -> shard.syncProgress().isPresent()).forEach(shard -> syncing.add(
                    MultiGauge.Row.of(Tags.of("shard", Integer.toString(shard.shard())),
                            shard.syncProgress().getAsDouble())));
            progress.register(syncing, true);
        });
        membership.registerGauges(metrics);
    }
}
