package io.floe.protocol.committee;

import io.floe.protocol.crypto.NodeKeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Deterministic committees for tests: node {@code i} is "node-i" with the key of seed {@code i + 1} repeated. */
final class TestCommittees {
    private TestCommittees() {
    }

    static NodeKeyPair keys(int node) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) (node + 1));
        return NodeKeyPair.fromSeed(seed);
    }

    /** Member {@code i} owns the next {@code shardCounts[i]} shards. */
    static Committee committee(long epoch, int... shardCounts) {
        List<CommitteeMember> members = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < shardCounts.length; i++) {
            List<Integer> shards = new ArrayList<>();
            for (int j = 0; j < shardCounts[i]; j++) {
                shards.add(next++);
            }
            members.add(member(i, shards));
        }
        return new Committee(epoch, members);
    }

    static CommitteeMember member(int node, List<Integer> shards) {
        return new CommitteeMember("node-" + node, keys(node).publicKey(), "http://127.0.0.1:" + (9000 + node), shards);
    }
}
