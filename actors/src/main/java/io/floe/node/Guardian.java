package io.floe.node;

import io.floe.epoch.EpochCoordinator;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.leveldb.LevelDbNodeStorage;
import io.floe.persistence.leveldb.LevelDbSettings;
import io.floe.protocol.crypto.NodeKeyPair;
import io.floe.settings.NodeSettings;
import io.floe.shard.ShardActor;
import io.floe.shard.ShardLocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The node's root actor; it only wires: opens the node's storage and identity, starts the committee view, the
 * epoch coordinator singleton, the shard region and the committee member, then hands them to the {@link DataPlane}.
 */
public final class Guardian {
    private Guardian() {
    }

    /** The guardian of a node with these settings; {@code dataPlane} is started last (see {@link DataPlane}). */
    public static Behavior<Void> create(NodeSettings settings, DataPlane dataPlane) {
        return Behaviors.setup(context -> {
            NodeKeyPair keys = identity(settings);
            NodeStorage storage = open(settings);
            LiveCommitteeView view = new LiveCommitteeView(settings.nodeId(), keys);
            view.setEpochDuration(settings.committee().epochDuration());
            context.getLog().info("node starting nodeId={} publicKey={} dataDir={} artery={}", settings.nodeId(),
                    keys.publicKey(), settings.dataDir(), settings.network().arteryAddress());

            ShardLocations shardLocations = new ShardLocations(context.getSystem(), view);
            view.onAdvance(shardLocations::claim);
            ShardActor.initSharding(context.getSystem(), settings.nodeId(), settings.committee().askTimeout());

            ActorRef<EpochCoordinator.Command> coordinator = ClusterSingleton.get(context.getSystem()).init(
                    SingletonActor.of(EpochCoordinator.create(settings.nodeId(), settings.committee()),
                            "epoch-coordinator"));
            ActorRef<CommitteeMember.Command> member = context.spawn(CommitteeMember.create(
                    settings.network().nodeApiUrl(), view, coordinator, settings.committee()), "committee-member");
            NodeRuntime.get(context.getSystem()).register(view, member, coordinator, storage);

            dataPlane.start(new DataPlane.Context(context.getSystem(), settings, view, storage));
            return Behaviors.receive(Void.class)
                    .onSignal(PostStop.class, signal -> {
                        NodeRuntime.get(context.getSystem()).storageClosed();
                        storage.close();
                        context.getLog().info("node stopped nodeId={}", settings.nodeId());
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static NodeStorage open(NodeSettings settings) {
        try {
            return LevelDbNodeStorage.open(LevelDbSettings.defaults(settings.storageDir())
                    .withSliverFileBytes(settings.sliverFileSize()).withSliverLogBytes(settings.sliverLogSize())
                    .withSliverLogCacheBytes(settings.sliverLogPageCache()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the node storage in " + settings.storageDir() + ": "
                    + e.getMessage() + "; check floe.data-dir and that no other node uses it", e);
        }
    }

    private static NodeKeyPair identity(NodeSettings settings) {
        try {
            return NodeIdentity.loadOrCreate(settings.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the node key " + settings.keyFile() + ": " + e.getMessage(), e);
        }
    }
}
