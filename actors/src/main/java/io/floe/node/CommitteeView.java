package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.List;
import java.util.Optional;

/**
 * What the data plane of a node needs from the control plane: who this node is, its signing keys and the current
 * committee; the control plane provides a live implementation, tests and the in-JVM harness a static one.
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

    /** The current epoch, or 0 while no committee is known. */
    default long epoch() {
        return committee().map(Committee::epoch).orElse(0L);
    }

    /** The shards this node owns in {@code committee}; empty when it is not a member. */
    default List<Integer> shardsIn(Committee committee) {
        return committee.memberById(nodeId()).map(CommitteeMember::shards).orElse(List.of());
    }
}
