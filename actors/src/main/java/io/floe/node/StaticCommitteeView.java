package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A {@link CommitteeView} whose committee is set by its owner rather than by a control plane: for tests and the
 * in-JVM data-plane harness, which binds its servers first and sets the committee once every URL is known. Setting
 * a later committee advances the view like an epoch change; the owner marks changes done itself, and reports of
 * synced shards are kept for it to read.
 */
public final class StaticCommitteeView extends AbstractCommitteeView {
    private final Set<Long> syncedEpochs = new ConcurrentSkipListSet<>();

    /** A view of node {@code nodeId} with {@code keys} and no committee yet. */
    public StaticCommitteeView(String nodeId, NodeKeyPair keys) {
        super(nodeId, keys);
    }

    /** A view of node {@code nodeId} with {@code keys} in a fixed {@code committee}. */
    public StaticCommitteeView(String nodeId, NodeKeyPair keys, Committee committee) {
        this(nodeId, keys);
        setCommittee(committee);
    }

    /** Sets the committee: a later epoch advances the view (listeners are told), an earlier one is only kept. */
    public void setCommittee(Committee committee) {
        record(committee);
    }

    @Override
    public void shardsSynced(long epoch) {
        syncedEpochs.add(epoch);
    }

    /** The epochs for which the data plane reported its shards synced. */
    public Set<Long> syncedEpochs() {
        return Set.copyOf(syncedEpochs);
    }

    @Override
    public String toString() {
        return "StaticCommitteeView[" + nodeId() + ", " + committee().map(Committee::toString).orElse("no committee")
                + "]";
    }
}
