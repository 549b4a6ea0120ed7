package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The {@link CommitteeView} of a running node: the {@link CommitteeMember} actor moves it forward when it commits or
 * recovers an epoch and marks epoch changes done; the data plane and health checks read it from any thread, and
 * its reports of synced shards go to whatever the control plane {@linkplain #onShardsSynced attached}.
 */
public final class LiveCommitteeView extends AbstractCommitteeView {
    private volatile LongConsumer syncedReports = epoch -> { };
    private final Map<Long, Instant> starts = new ConcurrentHashMap<>();
    private volatile Duration epochDuration;

    /** A view that knows no committee yet. */
    public LiveCommitteeView(String nodeId, NodeKeyPair keys) {
        super(nodeId, keys);
    }

    /**
     * Moves the view to {@code committee} if its epoch is later than the current one, then tells the listeners;
     * returns whether the view changed (an older or the same epoch is only kept, so replays are harmless).
     */
    public boolean advanceTo(Committee committee) {
        return record(committee);
    }

    /** Records when {@code epoch} started (before the view advances to it, so readers see both together). */
    public void recordStart(long epoch, Instant start) {
        starts.put(epoch, Objects.requireNonNull(start, "start"));
    }

    /** Sets the configured epoch length. */
    public void setEpochDuration(Duration duration) {
        this.epochDuration = Objects.requireNonNull(duration, "duration");
    }

    @Override
    public Optional<Instant> epochStart(long epoch) {
        return Optional.ofNullable(starts.get(epoch));
    }

    @Override
    public Optional<Duration> epochDuration() {
        return Optional.ofNullable(epochDuration);
    }

    /** Where {@link #shardsSynced} reports go (the control plane); replaces the previous receiver. */
    public void onShardsSynced(LongConsumer receiver) {
        this.syncedReports = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public void shardsSynced(long epoch) {
        syncedReports.accept(epoch);
    }
}
