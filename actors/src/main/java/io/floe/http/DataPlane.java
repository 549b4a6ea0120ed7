package io.floe.http;

import io.floe.client.AntiEntropyWorker;
import io.floe.client.BlobAggregator;
import io.floe.client.BlobLifecyclePublisher;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiClients;
import io.floe.client.SliverRecoveryWorker;
import io.floe.node.CommitteeView;
import io.floe.persistence.NodeStorage;
import io.floe.storage.ExpiryCollector;
import io.floe.storage.StorageService;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The data plane of one node, wired: storage service, node-API clients, publisher, aggregator, recovery worker, and
 * the routes of both HTTP surfaces. The node's guardian builds one over its storage and committee view, binds it and
 * calls {@link #start()} once the committee is known; {@link #close()} stops the worker and the client threads.
 */
public final class DataPlane implements AutoCloseable {
    private final StorageService storageService;
    private final NodeApiClients clients;
    private final BlobPublisher publisher;
    private final BlobAggregator aggregator;
    private final SliverRecoveryWorker recoveryWorker;
    private final ExpiryCollector expiryCollector;
    private final AntiEntropyWorker antiEntropy;
    private final NodeApiRoutes nodeApiRoutes;
    private final PublisherRoutes publisherRoutes;

    /**
     * @param dataDirectory the node's data directory; uploads are spooled under {@code upload-spool} in it
     */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            Path dataDirectory) {
        this(system, storage, view, settings, LifecycleSettings.fromConfig(system.settings().config()),
                dataDirectory);
    }

    /**
     * @param lifecycle the limit on epochs ahead and the anti-entropy rounds
     * @param dataDirectory the node's data directory; uploads are spooled under {@code upload-spool} in it
     */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            LifecycleSettings lifecycle, Path dataDirectory) {
        Executor blocking = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.BLOCKING_DISPATCHER));
        Executor publishing = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.PUBLISHER_DISPATCHER));
        this.storageService = new StorageService(storage, view, lifecycle.maxEpochsAhead());
        this.clients = new NodeApiClients(settings.clientConnectTimeout(), settings.clientRequestTimeout());
        this.publisher = new BlobPublisher(view, clients, settings.publisherSliverConcurrency(),
                lifecycle.maxEpochsAhead());
        this.aggregator = new BlobAggregator(view, clients);
        this.recoveryWorker = new SliverRecoveryWorker(storageService, clients, settings.recovery());
        storageService.setRepairListener(recoveryWorker);
        this.expiryCollector = new ExpiryCollector(storageService);
        this.antiEntropy = new AntiEntropyWorker(storageService, clients, recoveryWorker,
                lifecycle.antiEntropyInterval(), lifecycle.antiEntropyPageSize(), lifecycle.antiEntropyMaxPages());
        UploadSpool spool = new UploadSpool(dataDirectory.resolve("upload-spool"), settings.uploadMemoryThreshold(),
                publishing);
        spool.cleanLeftovers();
        this.nodeApiRoutes = new NodeApiRoutes(storageService, blocking, settings.nodeApiRequestTimeout());
        this.publisherRoutes = new PublisherRoutes(publisher, aggregator,
                new BlobLifecyclePublisher(view, clients, lifecycle.maxEpochsAhead()), spool, publishing,
                settings.maxBlobSize(), settings.publisherRequestTimeout());
    }

    /** Both servers of a node. */
    public record Bindings(ServerBinding nodeApi, ServerBinding publisher) {
    }

    /** Binds the node API and the publisher API on {@code host} (port 0: a free port, see the bindings). */
    public CompletionStage<Bindings> bind(ActorSystem<?> system, String host, int nodeApiPort, int publisherPort) {
        return HttpServer.bind(system, "node-api", host, nodeApiPort, nodeApiRoute())
                .thenCompose(nodeApi -> HttpServer.bind(system, "publisher", host, publisherPort, publisherRoute())
                        .thenApply(publisherBinding -> new Bindings(nodeApi, publisherBinding)));
    }

    /**
     * Starts the background work once the committee is known: repair (a scan for certified blobs that lack
     * slivers), garbage collection of expired blobs at every epoch, and anti-entropy rounds.
     */
    public void start() {
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

    public Route nodeApiRoute() {
        return nodeApiRoutes.route();
    }

    public Route publisherRoute() {
        return publisherRoutes.route();
    }

    public StorageService storageService() {
        return storageService;
    }

    public SliverRecoveryWorker recoveryWorker() {
        return recoveryWorker;
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

    @Override
    public void close() {
        antiEntropy.close();
        expiryCollector.close();
        recoveryWorker.close();
        clients.close();
    }
}
