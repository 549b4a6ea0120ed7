package io.floe.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.protocol.committee.Committee;
import io.floe.shard.ShardActor;
import io.floe.shard.ShardStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four in-JVM nodes on loopback: genesis, shard placement by the committee, and recovery from the journals. */
class LocalClusterTest {
    private static final int NODES = 4;
    private static final int SHARDS = 16;
    private static final Duration FORMATION = Duration.ofSeconds(60);
    private static final Duration ASK = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Waits until every node's view holds the same committee, and returns it. */
    private Committee awaitAgreedCommittee() {
        // A node that just started may not have registered its committee view yet (view() throws until then).
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            Optional<Committee> first = view(1).committee();
            assertEquals(true, first.isPresent(), "node-1 knows no committee yet");
            for (int node = 2; node <= NODES; node++) {
                assertEquals(first, view(node).committee(), LocalCluster.nodeId(node) + " disagrees");
            }
        });
        return view(1).committee().orElseThrow();
    }

    private LiveCommitteeView view(int node) {
        return cluster.runtime(node).committeeView().orElseThrow();
    }

    private ShardActor.ShardStatusReported shardStatus(int fromNode, int shard) throws Exception {
        return ShardActor.entityRef(cluster.system(fromNode), shard)
                .<ShardActor.ShardStatusReported>ask(ShardActor.GetShardStatus::new, ASK)
                .toCompletableFuture().get();
    }

    private CommitteeMember.Promise promise(int node) throws Exception {
        ActorSystem<Void> system = cluster.system(node);
        return AskPattern.<CommitteeMember.Command, CommitteeMember.Promise>ask(
                        cluster.runtime(node).committeeMember().orElseThrow(),
                        CommitteeMember.GetPromise::new, ASK, system.scheduler())
                .toCompletableFuture().get();
    }

    private void awaitShardRegions() {
        var region = ClusterSharding.get(Adapter.toClassic(cluster.system(1))).shardRegion(ShardActor.TYPE_KEY.name());
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            ShardRegion.CurrentRegions regions = (ShardRegion.CurrentRegions) Patterns.ask(region,
                    ShardRegion.getCurrentRegionsInstance(), ASK).toCompletableFuture().get();
            assertEquals(NODES, regions.getRegions().size());
        });
    }

    private void awaitShardOnOwner(int fromNode, int shard, String owner) {
        await().atMost(FORMATION).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() ->
                assertEquals(owner, shardStatus(fromNode, shard).nodeId(), "shard " + shard));
    }

    @Test
    void formsTheGenesisCommitteeAndRunsEachShardOnItsOwner() {
        cluster = new LocalCluster(dir, NODES, SHARDS).startAll();

        Committee committee = awaitAgreedCommittee();

        assertEquals(1, committee.epoch());
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"),
                committee.members().stream().map(io.floe.protocol.committee.CommitteeMember::nodeId).toList());
        for (int node = 1; node <= NODES; node++) {
            io.floe.protocol.committee.CommitteeMember member = committee.memberById(LocalCluster.nodeId(node)).orElseThrow();
            assertEquals(view(node).keys().publicKey(), member.publicKey(), "the member's key is its node's key");
            assertEquals(SHARDS / NODES, member.shards().size(), "shards spread evenly");
        }

        awaitShardRegions();
        for (int shard = 0; shard < SHARDS; shard++) {
            awaitShardOnOwner(1 + shard % NODES, shard, committee.memberOfShard(shard).nodeId());
        }
    }

    @Test
    void restartedNodesRecoverTheCommitteeFromTheirJournals() throws Exception {
        cluster = new LocalCluster(dir, NODES, SHARDS).startAll();
        Committee committee = awaitAgreedCommittee();
        // Genesis moves nothing, so every member reports its shards synced and the change is soon done.
        await().atMost(FORMATION).untilAsserted(() -> {
            for (int node = 1; node <= NODES; node++) {
                assertEquals(1, promise(node).doneEpoch(), LocalCluster.nodeId(node));
            }
        });
        Map<Integer, CommitteeMember.Promise> promises = new HashMap<>();
        for (int node = 1; node <= NODES; node++) {
            promises.put(node, promise(node));
        }
        awaitShardRegions();
        String ownerOfShard5 = committee.memberOfShard(5).nodeId();
        awaitShardOnOwner(2, 5, ownerOfShard5);
        ShardActor.ShardStatusReported locked = ShardActor.entityRef(cluster.system(2), 5)
                .<ShardActor.ShardStatusReported>ask(
                        replyTo -> new ShardActor.ChangeShardStatus(ShardStatus.LOCKED_TO_MOVE, replyTo), ASK)
                .toCompletableFuture().get();
        assertEquals(ShardStatus.LOCKED_TO_MOVE, locked.status());

        cluster.restart(3);
        await().atMost(FORMATION).ignoreExceptions()
                .untilAsserted(() -> assertEquals(Optional.of(committee), view(3).committee()));
        assertEquals(promises.get(3), promise(3), "node-3 recovered its promise from its journal");

        cluster.stop(4); // leaves the cluster
        IntStream.rangeClosed(1, 3).forEach(cluster::kill); // vanish without leaving
        cluster.startAll();

        assertEquals(committee, awaitAgreedCommittee());
        for (int node = 1; node <= NODES; node++) {
            // A new genesis would have needed a higher ballot; the promises are exactly those before the restart.
            assertEquals(promises.get(node), promise(node), "promise of " + LocalCluster.nodeId(node));
        }
        awaitShardRegions();
        awaitShardOnOwner(3, 5, ownerOfShard5);
        assertEquals(ShardStatus.LOCKED_TO_MOVE, shardStatus(3, 5).status(), "the shard's journal was recovered");
    }
}
