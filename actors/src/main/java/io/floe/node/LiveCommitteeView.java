package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommitteeView} of a running node: the {@link CommitteeMember} actor moves it forward when it commits or
 * recovers an epoch, and the data plane and health checks read it from any thread.
 */
public final class LiveCommitteeView implements CommitteeView {
    private static final Logger log = LoggerFactory.getLogger(LiveCommitteeView.class);

    private final String nodeId;
    private final NodeKeyPair keys;
    private final AtomicReference<Committee> current = new AtomicReference<>();
    private final List<Consumer<Committee>> listeners = new CopyOnWriteArrayList<>();

    /** A view that knows no committee yet. */
    public LiveCommitteeView(String nodeId, NodeKeyPair keys) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.keys = Objects.requireNonNull(keys, "keys");
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
        return Optional.ofNullable(current.get());
    }

    /**
     * Moves the view to {@code committee} if its epoch is later than the current one, then tells the listeners;
     * returns whether the view changed (an older or the same epoch is ignored, so replays are harmless).
     */
    public boolean advanceTo(Committee committee) {
        Objects.requireNonNull(committee, "committee");
        Committee previous = current.getAndAccumulate(committee,
                (known, next) -> known == null || next.epoch() > known.epoch() ? next : known);
        if (previous != null && previous.epoch() >= committee.epoch()) {
            return false;
        }
        log.info("committee view advanced nodeId={} epoch={} members={} shards={}", nodeId, committee.epoch(),
                committee.members().size(), committee.shards());
        for (Consumer<Committee> listener : listeners) {
            try {
                listener.accept(committee);
            } catch (RuntimeException e) {
                log.warn("committee listener failed nodeId={} epoch={}", nodeId, committee.epoch(), e);
            }
        }
        return true;
    }

    /** Calls {@code listener} with every committee the view advances to from now on (on the updating thread). */
    public void onAdvance(Consumer<Committee> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
