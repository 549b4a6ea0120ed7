package io.floe.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.epoch.EpochCoordinator.EpochChangeRequested;
import io.floe.protocol.committee.Committee;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch changes in an in-JVM cluster: epochs advance on a short duration, a node that joins gets shards at the next
 * epoch, a killed node loses its shards once it has been unreachable for {@code floe.epoch.down-after}, and the
 * operator's trigger starts the next epoch at once.
 */
class EpochChangeClusterTest {
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private LiveCommitteeView view(int node) {
        return cluster.runtime(node).committeeView().orElseThrow();
    }

    /** Waits until the given nodes agree on a committee that {@code condition} accepts, and returns it. */
    private Committee awaitCommittee(java.util.function.Predicate<Committee> condition, int... nodes) {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Optional<Committee> first = view(nodes[0]).committee();
            if (first.isEmpty() || !condition.test(first.get())) {
                return false;
            }
            for (int node : nodes) {
                if (!view(node).committee().equals(first)) {
                    return false;
                }
            }
            return true;
        });
        return view(nodes[0]).committee().orElseThrow();
    }

    private static boolean owns(Committee committee, int node) {
        return committee.memberById(LocalCluster.nodeId(node)).map(member -> !member.shards().isEmpty())
                .orElse(false);
    }

    @Test
    void epochsAdvanceNewNodesGetShardsAndLostNodesLoseThem() {
        cluster = new LocalCluster(dir, 5, 16).withInitialMembers(4)
                .with("floe.epoch.duration", "6 s")
                .with("floe.epoch.down-after", "3 s");
        for (int node = 1; node <= 4; node++) {
            cluster.start(node);
        }
        Committee genesis = awaitCommittee(committee -> committee.epoch() == 1, 1, 2, 3, 4);
        Committee second = awaitCommittee(committee -> committee.epoch() >= 2, 1, 2, 3, 4);
        assertEquals(genesis.assignment(), second.assignment(), "the same nodes keep their shards");

        cluster.start(5);
        Committee joined = awaitCommittee(committee -> owns(committee, 5), 1, 2, 3, 4, 5);
        assertEquals(3, joined.memberById("node-5").orElseThrow().shards().size(), "16 shards over 5 nodes");
        Committee before = view(5).committeeOf(joined.epoch() - 1).orElseThrow();
        assertEquals(3, before.assignment().movesTo(joined.assignment()).size(), "only node-5's shards moved");

        cluster.kill(3);
        Committee without = awaitCommittee(committee -> committee.memberById("node-3").isEmpty(), 1, 2, 4, 5);
        assertEquals(16, without.shards());
        assertTrue(without.members().stream().allMatch(member -> member.shards().size() >= 4), without.members()
                .toString());
    }

    @Test
    void theOperatorTriggerStartsTheNextEpochNow() throws Exception {
        cluster = new LocalCluster(dir, 4, 16).startAll();
        Committee genesis = awaitCommittee(committee -> committee.epoch() == 1, 1, 2, 3, 4);
        await().atMost(CONVERGENCE).until(() -> view(2).epochChangeDone() == 1);

        EpochChangeRequested requested = cluster.runtime(2).requestEpochChange(Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertEquals(new EpochChangeRequested(2, ""), requested);
        Committee second = awaitCommittee(committee -> committee.epoch() == 2, 1, 2, 3, 4);
        assertEquals(genesis.assignment(), second.assignment());
        assertEquals(Optional.of(genesis), view(4).previousCommittee());
    }
}
