package io.floe.http;

import io.floe.health.ClusterMembership;
import io.floe.node.LiveCommitteeView;
import io.floe.settings.NetworkSettings;
import io.floe.shard.ShardActor;
import io.floe.shard.ShardStatus;
import io.floe.shard.ShardStatusRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's HTTP data plane from the guardian: builds the {@link DataPlane} over the node's storage and live
 * committee view, binds the node API and the publisher on the node's host and ports, and starts sliver recovery
 * once the node knows a committee (with it, the shard transfers of epoch changes, whose status changes the shard
 * actors mirror). A node that cannot bind its ports stops: it could not serve its shards.
 */
public final class NodeDataPlane implements io.floe.node.DataPlane {
    private static final Logger log = LoggerFactory.getLogger(NodeDataPlane.class);

    @Override
    public void start(Context context) {
        ActorSystem<?> system = context.system();
        DataPlaneSettings settings = DataPlaneSettings.fromConfig(system.settings().config());
        NetworkSettings network = context.settings().network();
        DataPlane plane = new DataPlane(system, context.storage(), context.committeeView(), settings,
                context.settings().dataDir(), new DataPlane.Admin(network.managementUrl(), network.arteryAddress(),
                        ShardStatusRegistry.get(system), ClusterMembership.of(system)));
        plane.bind(system, network.bindHost(), network.nodeApiPort(), network.publisherPort()).whenComplete(
                (bindings, failure) -> {
                    if (failure != null) {
                        log.error("cannot bind the node api or the publisher host={} nodeApiPort={} publisherPort={}; "
                                + "stopping the node", network.bindHost(), network.nodeApiPort(), network.publisherPort(),
                                failure);
                        system.terminate();
                    } else {
                        log.info("data plane listening nodeApi={} publisher={}", network.nodeApiUrl(),
                                network.publisherUrl());
                    }
                });
        // The node-state record of each shard is authoritative; the status registry (status page, /v1/status,
        // metrics) follows it, and so does the shard actor (a lost shard's entity already runs on its new owner, so
        // LOCKED_TO_MOVE is not sent to it).
        ShardStatusRegistry registry = ShardStatusRegistry.get(system);
        plane.storageService().shardStates().onStatusChange((shard, previous, current, epoch) -> {
            current.ifPresentOrElse(status -> registry.update(shard, status, epoch), () -> registry.remove(shard));
            current.filter(status -> status != ShardStatus.LOCKED_TO_MOVE)
                    .ifPresent(status -> ShardActor.entityRef(system, shard)
                            .tell(new ShardActor.ChangeShardStatus(status, system.ignoreRef())));
        });
        plane.shardSyncWorker().onProgress(state -> registry.syncProgress(state.shard(), state.synced(),
                state.total()));
        AtomicBoolean started = new AtomicBoolean();
        Runnable startRecovery = () -> {
            if (started.compareAndSet(false, true)) {
                plane.start();
            }
        };
        if (context.committeeView() instanceof LiveCommitteeView live) {
            live.onAdvance(committee -> startRecovery.run());
        }
        if (context.committeeView().committee().isPresent()) {
            startRecovery.run();
        }
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "floe-data-plane-close",
                () -> {
                    plane.close();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        // A node killed without coordinated shutdown (tests) still releases its threads and metrics.
        system.getWhenTerminated().thenRun(plane::close);
    }
}
