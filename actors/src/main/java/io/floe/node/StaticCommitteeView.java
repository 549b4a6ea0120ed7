package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CommitteeView} whose committee is set by its owner rather than by a control plane: for tests and the
 * in-JVM data-plane harness, which binds its servers first and sets the committee once every URL is known.
 */
public final class StaticCommitteeView implements CommitteeView {
    private final String nodeId;
    private final NodeKeyPair keys;
    private volatile Committee committee;

    /** A view of node {@code nodeId} with {@code keys} and no committee yet. */
    public StaticCommitteeView(String nodeId, NodeKeyPair keys) {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a committee view needs a node id");
        }
        this.nodeId = nodeId;
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** A view of node {@code nodeId} with {@code keys} in a fixed {@code committee}. */
    public StaticCommitteeView(String nodeId, NodeKeyPair keys, Committee committee) {
        this(nodeId, keys);
        setCommittee(committee);
    }

    /** Sets (or replaces) the committee. */
    public void setCommittee(Committee committee) {
        this.committee = Objects.requireNonNull(committee, "committee");
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public NodeKeyPair keys() {
        return keys;
    }

    @Override
    public Optional<Committee> committee() {
        return Optional.ofNullable(committee);
    }

    @Override
    public String toString() {
        Committee current = committee;
        return "StaticCommitteeView[" + nodeId + ", " + (current == null ? "no committee" : current) + "]";
    }
}
