package io.floe.http;

import io.floe.client.AntiEntropyWorker;
import io.floe.client.BlobAggregator;
import io.floe.client.BlobLifecyclePublisher;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiClients;
import io.floe.client.OwnNodeStorage;
import io.floe.client.ShardSyncWorker;
import io.floe.client.SliverRecoveryWorker;
import io.floe.health.ClusterMembership;
import io.floe.health.ClusterReporter;
import io.floe.health.NodeStatusReporter;
import io.floe.metrics.FloeMetrics;
import io.floe.metrics.MeteredStorage;
import io.floe.metrics.RecentErrors;
import io.floe.node.CommitteeView;
import io.floe.node.NodeRuntime;
import java.time.Duration;
import io.floe.persistence.NodeStorage;
import io.floe.shard.ShardStatusRegistry;
import io.floe.storage.ExpiryCollector;
import io.floe.storage.StorageService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The data plane of one node, wired: storage service, node-API clients, publisher, aggregator, recovery worker, the
 * node's metrics and status reports, and the routes of both HTTP surfaces (the node API also serves the admin routes:
 * {@code /v1/status}, {@code /v1/cluster}, {@code /metrics} and the status page). The node's guardian builds one over
 * its storage and committee view, binds it and calls {@link #start()} once the committee is known; {@link #close()}
 * stops the worker and the client threads.
 */
public final class DataPlane implements AutoCloseable {
    private static final Duration EPOCH_CHANGE_TIMEOUT = Duration.ofSeconds(10);

    private final StorageService storageService;
    private final NodeApiClients clients;
    private final BlobPublisher publisher;
    private final BlobAggregator aggregator;
    private final SliverRecoveryWorker recoveryWorker;
    private final ShardSyncWorker shardSyncWorker;
    private final ExpiryCollector expiryCollector;
    private final AntiEntropyWorker antiEntropy;
    private final NodeApiRoutes nodeApiRoutes;
    private final PublisherRoutes publisherRoutes;
    private final FloeMetrics metrics;
    private final RecentErrors errors;
    private final NodeApiClients adminClients;
    private final NodeStatusReporter statusReporter;
    private final AdminRoutes adminRoutes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String nodeApiUrl;
    private volatile String publisherUrl;

    /**
     * What the admin routes report beyond the data plane itself: the node's management URL and Artery address (null
     * when it has none), the statuses its shard entities report, and its Pekko cluster membership.
     */
    public record Admin(String managementUrl, String artery, ShardStatusRegistry shardStatuses,
            ClusterMembership membership) {
        /** A node outside a Pekko cluster (test harnesses): no management, no shard entities, no membership. */
        public static Admin standalone() {
            return new Admin(null, null, new ShardStatusRegistry(), ClusterMembership.NONE);
        }
    }

    /**
     * A data plane without a control plane around it (see {@link Admin#standalone()}).
     *
     * @param dataDirectory the node's data directory; uploads are spooled under {@code upload-spool} in it
     */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            Path dataDirectory) {
        this(system, storage, view, settings, LifecycleSettings.fromConfig(system.settings().config()),
                dataDirectory, Admin.standalone());
    }

    /** A data plane without a control plane around it, with the given lifecycle settings (test harnesses). */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            LifecycleSettings lifecycle, Path dataDirectory) {
        this(system, storage, view, settings, lifecycle, dataDirectory, Admin.standalone());
    }

    /** A node's data plane, with the lifecycle settings of the node's configuration. */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            Path dataDirectory, Admin admin) {
        this(system, storage, view, settings, LifecycleSettings.fromConfig(system.settings().config()),
                dataDirectory, admin);
    }

    /**
     * @param lifecycle the limit on epochs ahead and the anti-entropy rounds
     * @param dataDirectory the node's data directory; uploads are spooled under {@code upload-spool} in it
     * @param admin what the admin routes report beyond the data plane
     */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            LifecycleSettings lifecycle, Path dataDirectory, Admin admin) {
        Executor blocking = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.BLOCKING_DISPATCHER));
        Executor publishing = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.PUBLISHER_DISPATCHER));
        this.metrics = FloeMetrics.create(view.nodeId(), dataDirectory);
        this.errors = RecentErrors.attach(admin.artery(), metrics.registry());
        this.storageService = new StorageService(MeteredStorage.wrap(storage, metrics), view,
                lifecycle.maxEpochsAhead());
        this.clients = new NodeApiClients(settings.clientConnectTimeout(), settings.clientRequestTimeout());
        OwnNodeStorage ownNode = OwnNodeStorage.of(storageService);
        this.publisher = new BlobPublisher(view, clients, settings.publisherSliverConcurrency(),
                lifecycle.maxEpochsAhead(), metrics, ownNode);
        this.aggregator = new BlobAggregator(view, clients, metrics, ownNode);
        this.recoveryWorker = new SliverRecoveryWorker(storageService, clients, settings.recovery(), metrics);
        storageService.setRepairListener(recoveryWorker);
        this.shardSyncWorker = new ShardSyncWorker(storageService, clients, recoveryWorker, settings.shardSync());
        this.expiryCollector = new ExpiryCollector(storageService);
        this.antiEntropy = new AntiEntropyWorker(storageService, clients, recoveryWorker,
                lifecycle.antiEntropyInterval(), lifecycle.antiEntropyPageSize(), lifecycle.antiEntropyMaxPages());
        UploadSpool spool = new UploadSpool(dataDirectory.resolve("upload-spool"), settings.uploadMemoryThreshold(),
                settings.uploadMemoryBudget(), publishing);
        spool.cleanLeftovers();
        this.nodeApiRoutes = new NodeApiRoutes(storageService, blocking, settings.nodeApiRequestTimeout(),
                settings.shardSync().pageBytes(),
                () -> NodeRuntime.get(system).requestEpochChange(EPOCH_CHANGE_TIMEOUT));
        this.publisherRoutes = new PublisherRoutes(publisher, aggregator,
                new BlobLifecyclePublisher(view, clients, lifecycle.maxEpochsAhead()), spool, publishing,
                settings.maxBlobSize(), settings.publisherRequestTimeout(), metrics);
        this.adminClients = new NodeApiClients(Duration.ofSeconds(1), ClusterReporter.MEMBER_TIMEOUT);
        this.statusReporter = new NodeStatusReporter(view, storage, dataDirectory, metrics, errors,
                admin.shardStatuses(), () -> new NodeStatusReporter.Addresses(nodeApiUrl, publisherUrl,
                        admin.managementUrl(), admin.artery()), admin.membership());
        ClusterReporter clusterReporter = new ClusterReporter(view, statusReporter,
                url -> adminClients.forUrl(url).nodeStatus(), adminClients.fanOut());
        this.adminRoutes = new AdminRoutes(statusReporter, clusterReporter, metrics, blocking, adminClients.fanOut());
    }

    /** Both servers of a node. */
    public record Bindings(ServerBinding nodeApi, ServerBinding publisher) {
    }

    /** Binds the node API and the publisher API on {@code host} (port 0: a free port, see the bindings). */
    public CompletionStage<Bindings> bind(ActorSystem<?> system, String host, int nodeApiPort, int publisherPort) {
        return HttpServer.bind(system, "node-api", host, nodeApiPort, nodeApiRoute())
                .thenCompose(nodeApi -> HttpServer.bind(system, "publisher", host, publisherPort, publisherRoute())
                        .thenApply(publisherBinding -> {
                            nodeApiUrl = "http://" + host + ":" + nodeApi.localAddress().getPort();
                            publisherUrl = "http://" + host + ":" + publisherBinding.localAddress().getPort();
                            return new Bindings(nodeApi, publisherBinding);
                        }));
    }

    /**
     * Starts the background work once the committee is known: moving shards at epoch changes (taking over the
     * shards this node gained, dropping those it lost), repair (a scan for certified blobs that lack slivers),
     * garbage collection of expired blobs at every epoch, and anti-entropy rounds.
     */
    public void start() {
        shardSyncWorker.start();
        recoveryWorker.start();
        expiryCollector.start();
        antiEntropy.start();
    }

    public AntiEntropyWorker antiEntropy() {
        return antiEntropy;
    }

    public ExpiryCollector expiryCollector() {
        return expiryCollector;
    }

    /** The node API with the admin routes, measured. */
    public Route nodeApiRoute() {
        return HttpMetrics.instrument(metrics, "node-api",
                ApiErrors.seal(Directives.concat(adminRoutes.route(), nodeApiRoutes.route())));
    }

    /** The publisher and aggregator API, measured. */
    public Route publisherRoute() {
        return HttpMetrics.instrument(metrics, "publisher", publisherRoutes.route());
    }

    /** The node's metrics (its own Prometheus registry). */
    public FloeMetrics metrics() {
        return metrics;
    }

    /** What {@code /v1/status} reports. */
    public NodeStatusReporter statusReporter() {
        return statusReporter;
    }

    public StorageService storageService() {
        return storageService;
    }

    public SliverRecoveryWorker recoveryWorker() {
        return recoveryWorker;
    }

    public ShardSyncWorker shardSyncWorker() {
        return shardSyncWorker;
    }

    public BlobPublisher publisher() {
        return publisher;
    }

    public BlobAggregator aggregator() {
        return aggregator;
    }

    public NodeApiClients clients() {
        return clients;
    }

    /** Stops the worker and the client threads and releases the metrics; closing twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shardSyncWorker.close();
        antiEntropy.close();
        expiryCollector.close();
        recoveryWorker.close();
        clients.close();
        adminClients.close();
        errors.close();
        metrics.close();
    }
}
