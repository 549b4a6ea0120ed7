package io.floe.health;

import io.floe.node.CommitteeView;
import io.floe.node.NodeRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Readiness of a node for {@code /ready} (registered in {@code floe-node.conf}): the node is an Up member of the
 * cluster, its stores are open and answer, and it knows a committee, so it can answer for the shards it owns.
 */
public final class CommitteeReadinessCheck implements Supplier<CompletionStage<Boolean>> {
    private final org.apache.pekko.actor.typed.ActorSystem<?> system;

    /** Pekko Management creates the check with the node's actor system. */
    public CommitteeReadinessCheck(ActorSystem system) {
        this.system = Adapter.toTyped(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        boolean up = Cluster.get(system).selfMember().status().equals(MemberStatus.up());
        NodeRuntime runtime = NodeRuntime.get(system);
        boolean knowsCommittee = runtime.committeeView()
                .flatMap(CommitteeView::committee)
                .isPresent();
        return CompletableFuture.completedFuture(up && runtime.storageOpen() && knowsCommittee);
    }
}
