package io.floe.testing;

import io.floe.epoch.EpochRecord;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.NodeKeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Deterministic committees for actor tests: node {@code i} is "node-i" with the key of seed {@code i} repeated. */
public final class TestCommittees {
    private TestCommittees() {
    }

    /** The key pair of test node {@code node}. */
    public static NodeKeyPair keys(int node) {
        byte[] seed = new byte[NodeKeyPair.SEED_LENGTH];
        Arrays.fill(seed, (byte) node);
        return NodeKeyPair.fromSeed(seed);
    }

    /** The ids node-1 .. node-{@code nodes}. */
    public static List<String> nodeIds(int nodes) {
        return IntStream.rangeClosed(1, nodes).mapToObj(node -> "node-" + node).toList();
    }

    /** Epoch {@code epoch} with nodes 1..{@code nodes} and the genesis spread of {@code shards} shards. */
    public static Committee committee(long epoch, int nodes, int shards) {
        ShardAssignment assignment = ShardAssignment.genesis(shards, nodeIds(nodes));
        List<CommitteeMember> members = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            String id = "node-" + node;
            members.add(new CommitteeMember(id, keys(node).publicKey(), "http://127.0.0." + (10 + node) + ":9100",
                    assignment.shardsOf(id)));
        }
        return new Committee(epoch, members);
    }

    /** {@link #committee} as an epoch record that started at a fixed instant (2023-11-14 plus {@code epoch} hours). */
    public static EpochRecord record(long epoch, int nodes, int shards) {
        return new EpochRecord(committee(epoch, nodes, shards), start(epoch));
    }

    /** The fixed start of test epoch {@code epoch}. */
    public static Instant start(long epoch) {
        return Instant.ofEpochMilli(1_700_000_000_000L + epoch * 3_600_000L);
    }
}
