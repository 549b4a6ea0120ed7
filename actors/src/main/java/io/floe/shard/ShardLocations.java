package io.floe.shard;

import io.floe.node.CommitteeView;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.external.javadsl.ExternalShardAllocationClient;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells external shard allocation where this node's shards belong: when a committee becomes current, every shard the
 * node owns in it is located at this node's address. Each node claims only its own shards, so the locations follow
 * the committee without any node knowing the others' addresses.
 */
public final class ShardLocations {
    private static final Logger log = LoggerFactory.getLogger(ShardLocations.class);
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final ActorSystem<?> system;
    private final CommitteeView view;
    private final ExternalShardAllocationClient client;

    /** Locations of the shards of {@link ShardActor#TYPE_KEY} for the node {@code view} describes. */
    public ShardLocations(ActorSystem<?> system, CommitteeView view) {
        this.system = system;
        this.view = view;
        this.client = ExternalShardAllocation.get(system).getClient(ShardActor.TYPE_KEY.name());
    }

    /** Locates this node's shards of {@code committee} here, retrying a bounded number of times while it is current. */
    public void claim(Committee committee) {
        claim(committee, 1);
    }

    private void claim(Committee committee, int attempt) {
        List<Integer> shards = committee.memberById(view.nodeId()).map(CommitteeMember::shards).orElse(List.of());
        if (shards.isEmpty() || view.epoch() != committee.epoch()) {
            return;
        }
        Address self = Cluster.get(system).selfMember().address();
        Map<String, Address> locations = new HashMap<>();
        shards.forEach(shard -> locations.put(ShardMessageExtractor.entityId(shard), self));
        client.setShardLocations(locations).whenComplete((done, failure) -> {
            if (failure == null) {
                log.info("shard locations claimed nodeId={} epoch={} shards={} address={}", view.nodeId(),
                        committee.epoch(), shards.size(), self);
            } else if (attempt < MAX_ATTEMPTS) {
                log.warn("shard locations not stored nodeId={} epoch={} attempt={} cause=\"{}\"; retrying",
                        view.nodeId(), committee.epoch(), attempt, failure.getMessage());
                system.scheduler().scheduleOnce(RETRY_DELAY, () -> claim(committee, attempt + 1),
                        system.executionContext());
            } else {
                log.error("shard locations not stored nodeId={} epoch={} after {} attempts; shards may run on other"
                        + " nodes until the next commit", view.nodeId(), committee.epoch(), attempt, failure);
            }
        });
    }
}
