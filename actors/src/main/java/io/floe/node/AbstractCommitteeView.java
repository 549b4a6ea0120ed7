package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping both views share: identity, every committee seen (by epoch), listeners for advances and for
 * finished epoch changes. Subclasses decide who moves the view and where {@link #shardsSynced} reports go.
 */
abstract class AbstractCommitteeView implements CommitteeView {
    private static final Logger log = LoggerFactory.getLogger(AbstractCommitteeView.class);

    private final String nodeId;
    private final NodeKeyPair keys;
    private final ConcurrentSkipListMap<Long, Committee> committees = new ConcurrentSkipListMap<>();
    private final AtomicLong changeDone = new AtomicLong();
    private final List<Consumer<Committee>> advanceListeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> doneListeners = new CopyOnWriteArrayList<>();

    AbstractCommitteeView(String nodeId, NodeKeyPair keys) {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a committee view needs a node id");
        }
        this.nodeId = nodeId;
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public final String nodeId() {
        return nodeId;
    }

    @Override
    public final NodeKeyPair keys() {
        return keys;
    }

    @Override
    public final Optional<Committee> committee() {
        var last = committees.lastEntry();
        return last == null ? Optional.empty() : Optional.of(last.getValue());
    }

    @Override
    public final Optional<Committee> committeeOf(long epoch) {
        return Optional.ofNullable(committees.get(epoch));
    }

    /**
     * Records {@code committee}; if its epoch is later than the current one, the view moves to it and tells the
     * listeners. Returns whether the view advanced (an older or known epoch is only kept, so replays are harmless).
     */
    final synchronized boolean record(Committee committee) {
        Objects.requireNonNull(committee, "committee");
        long current = epoch();
        committees.putIfAbsent(committee.epoch(), committee);
        if (committee.epoch() <= current) {
            return false;
        }
        log.info("committee view advanced nodeId={} epoch={} members={} shards={}", nodeId, committee.epoch(),
                committee.members().size(), committee.shards());
        for (Consumer<Committee> listener : advanceListeners) {
            try {
                listener.accept(committee);
            } catch (RuntimeException e) {
                log.warn("committee listener failed nodeId={} epoch={}", nodeId, committee.epoch(), e);
            }
        }
        return true;
    }

    @Override
    public final void onAdvance(Consumer<Committee> listener) {
        advanceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public final void onEpochChangeDone(LongConsumer listener) {
        doneListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public final long epochChangeDone() {
        return changeDone.get();
    }

    /** Declares the change to {@code epoch} done (ignored if a later one already is) and tells the listeners. */
    public final void markEpochChangeDone(long epoch) {
        long previous = changeDone.getAndAccumulate(epoch, Math::max);
        if (epoch <= previous) {
            return;
        }
        log.info("epoch change done nodeId={} epoch={}", nodeId, epoch);
        for (LongConsumer listener : doneListeners) {
            try {
                listener.accept(epoch);
            } catch (RuntimeException e) {
                log.warn("epoch-change-done listener failed nodeId={} epoch={}", nodeId, epoch, e);
            }
        }
    }
}
