package io.floe.http;

import io.floe.client.BlobAggregator;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiClients;
import io.floe.client.SliverRecoveryWorker;
import io.floe.node.CommitteeView;
import io.floe.node.NodeRuntime;
import java.time.Duration;
import io.floe.persistence.NodeStorage;
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
    private static final Duration EPOCH_CHANGE_TIMEOUT = Duration.ofSeconds(10);

    private final StorageService storageService;
    private final NodeApiClients clients;
    private final BlobPublisher publisher;
    private final BlobAggregator aggregator;
    private final SliverRecoveryWorker recoveryWorker;
    private final NodeApiRoutes nodeApiRoutes;
    private final PublisherRoutes publisherRoutes;

    /**
     * @param dataDirectory the node's data directory; uploads are spooled under {@code upload-spool} in it
     */
    public DataPlane(ActorSystem<?> system, NodeStorage storage, CommitteeView view, DataPlaneSettings settings,
            Path dataDirectory) {
        Executor blocking = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.BLOCKING_DISPATCHER));
        Executor publishing = system.dispatchers().lookup(
                DispatcherSelector.fromConfig(DataPlaneSettings.PUBLISHER_DISPATCHER));
        this.storageService = new StorageService(storage, view);
        this.clients = new NodeApiClients(settings.clientConnectTimeout(), settings.clientRequestTimeout());
        this.publisher = new BlobPublisher(view, clients, settings.publisherSliverConcurrency());
        this.aggregator = new BlobAggregator(view, clients);
        this.recoveryWorker = new SliverRecoveryWorker(storageService, clients, settings.recovery());
        storageService.setRepairListener(recoveryWorker);
        UploadSpool spool = new UploadSpool(dataDirectory.resolve("upload-spool"), settings.uploadMemoryThreshold(),
                publishing);
        spool.cleanLeftovers();
        this.nodeApiRoutes = new NodeApiRoutes(storageService, blocking, settings.nodeApiRequestTimeout(),
                () -> NodeRuntime.get(system).requestEpochChange(EPOCH_CHANGE_TIMEOUT));
        this.publisherRoutes = new PublisherRoutes(publisher, aggregator, spool, publishing, settings.maxBlobSize(),
                settings.publisherRequestTimeout());
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

    /** Starts repairing: scans storage for certified blobs that lack slivers. Call once the committee is known. */
    public void start() {
        recoveryWorker.start();
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
        recoveryWorker.close();
        clients.close();
    }
}
