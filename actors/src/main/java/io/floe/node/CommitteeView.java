package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.NodeKeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What the data plane of a node needs from the control plane: who this node is, its signing keys, the current
 * committee and the earlier ones it knows, and notice when the committee moves on; the control plane provides a
 * live implementation, tests and the in-JVM harness a static one.
 *
 * <p>An epoch change has two steps. First the committee of epoch {@code e} is committed and the view
 * {@linkplain #onAdvance advances}: every member starts taking over the shards it gained (from their owners in
 * {@code e - 1}) and tells the control plane when it holds them all ({@link #shardsSynced}). Once members holding a
 * quorum of shards have done so, the control plane marks the change done ({@link #onEpochChangeDone}), and the
 * previous owners may delete the shards they lost.
 *
 * <p>Implementations are thread-safe; {@link #committee()} may change between two calls (at an epoch change), so a
 * caller that needs one consistent view reads it once per request.
 */
public interface CommitteeView {

    /** This node's id, as it appears in {@link CommitteeMember#nodeId()}. */
    String nodeId();

    /** This node's Ed25519 key pair, which signs its storage confirmations. */
    NodeKeyPair keys();

    /** The current committee, or empty while the node does not know one yet (it is then not ready). */
    Optional<Committee> committee();

    /** The committee of {@code epoch} if this node knows it: the current one or an earlier one it kept. */
    Optional<Committee> committeeOf(long epoch);

    /** The committee before the current one, if this node knows it (empty in genesis). */
    default Optional<Committee> previousCommittee() {
        return committee().flatMap(current -> committeeOf(current.epoch() - 1));
    }

    /** When epoch {@code epoch} started, if this node knows (the control plane records it with the committee). */
    default Optional<Instant> epochStart(long epoch) {
        return Optional.empty();
    }

    /** The configured length of an epoch, if this node knows it. */
    default Optional<Duration> epochDuration() {
        return Optional.empty();
    }

    /** The current epoch, or 0 while no committee is known. */
    default long epoch() {
        return committee().map(Committee::epoch).orElse(0L);
    }

    /** The shards this node owns in {@code committee}; empty when it is not a member. */
    default List<Integer> shardsIn(Committee committee) {
        return committee.memberById(nodeId()).map(CommitteeMember::shards).orElse(List.of());
    }

    /**
     * Calls {@code listener} with every committee the view advances to from now on, on the updating thread (it must
     * return quickly: hand long work to another thread).
     */
    void onAdvance(Consumer<Committee> listener);

    /** Calls {@code listener} with every epoch whose change the control plane declares done from now on. */
    void onEpochChangeDone(LongConsumer listener);

    /** The latest epoch whose change is known to be done (0 before genesis is done). */
    long epochChangeDone();

    /** The data plane reports that this node holds every shard it owns in {@code epoch}. */
    void shardsSynced(long epoch);
}
