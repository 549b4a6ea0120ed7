package io.floe.shard;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What the shard entities running on this node last reported about themselves — status, epoch, sync progress — for
 * {@code /v1/status}, {@code /v1/cluster}, the metrics and the status page. One per node (per actor system);
 * thread-safe. A shard that never reported (its entity has not started or never changed status) is not listed:
 * readers take it to be {@link ShardStatus#ACTIVE}, the status every shard starts with.
 */
public final class ShardStatusRegistry implements Extension {
    private static final ExtensionId<ShardStatusRegistry> ID = new ExtensionId<>() {
        @Override
        public ShardStatusRegistry createExtension(ActorSystem<?> system) {
            return new ShardStatusRegistry();
        }
    };

    /**
     * One shard's last report: {@code epoch} is 0 when the reporter did not say, {@code syncProgress} (0 to 1) is
     * empty unless the shard is being synced or recovered.
     */
    public record Entry(ShardStatus status, long epoch, OptionalDouble syncProgress, Instant updatedAt) {
    }

    private final Map<Integer, Entry> shards = new ConcurrentHashMap<>();

    /** A registry of its own, for tests; a node uses {@link #get(ActorSystem)}. */
    public ShardStatusRegistry() {
    }

    /** The registry of the node that runs {@code system}. */
    public static ShardStatusRegistry get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** Shard {@code shard} is now {@code status}; its sync progress is kept only while it syncs or recovers. */
    public void update(int shard, ShardStatus status) {
        shards.compute(shard, (key, previous) -> new Entry(status, previous == null ? 0 : previous.epoch(),
                syncing(status) && previous != null ? previous.syncProgress() : OptionalDouble.empty(),
                Instant.now()));
    }

    /** Shard {@code shard} is {@code status} in {@code epoch}. */
    public void update(int shard, ShardStatus status, long epoch) {
        update(shard, status);
        shards.computeIfPresent(shard, (key, entry) -> new Entry(entry.status(), epoch, entry.syncProgress(),
                entry.updatedAt()));
    }

    /** Shard {@code shard} has synced {@code done} of {@code total} units (blobs, pages); total 0 means done. */
    public void syncProgress(int shard, long done, long total) {
        double progress = total <= 0 ? 1.0 : Math.max(0.0, Math.min(1.0, (double) done / total));
        shards.compute(shard, (key, previous) -> new Entry(
                previous == null ? ShardStatus.ACTIVE_SYNC : previous.status(),
                previous == null ? 0 : previous.epoch(), OptionalDouble.of(progress), Instant.now()));
    }

    /** The shard left this node (moved away and deleted). */
    public void remove(int shard) {
        shards.remove(shard);
    }

    /** The last report of {@code shard}, if it made one. */
    public Optional<Entry> entry(int shard) {
        return Optional.ofNullable(shards.get(shard));
    }

    /** The status of {@code shard}: what it reported, or {@link ShardStatus#ACTIVE} if it never did. */
    public ShardStatus statusOf(int shard) {
        Entry entry = shards.get(shard);
        return entry == null ? ShardStatus.ACTIVE : entry.status();
    }

    /** Every report, by shard. */
    public SortedMap<Integer, Entry> entries() {
        return new TreeMap<>(shards);
    }

    /** The name Walrus gives {@code status}: {@code Active}, {@code ActiveSync}, {@code ActiveRecover}, {@code LockedToMove}. */
    public static String walrusName(ShardStatus status) {
        return switch (status) {
            case ACTIVE -> "Active";
            case ACTIVE_SYNC -> "ActiveSync";
            case ACTIVE_RECOVER -> "ActiveRecover";
            case LOCKED_TO_MOVE -> "LockedToMove";
        };
    }

    private static boolean syncing(ShardStatus status) {
        return status == ShardStatus.ACTIVE_SYNC || status == ShardStatus.ACTIVE_RECOVER;
    }
}
