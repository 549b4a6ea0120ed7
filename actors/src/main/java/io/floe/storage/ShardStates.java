package io.floe.storage;

import io.floe.persistence.CorruptValueException;
import io.floe.persistence.NodeStateStore;
import io.floe.shard.ShardStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ShardState} of every shard this node holds or takes over, persisted in its node-state store (one value
 * per shard, key {@code shard-state/<shard>}, protobuf {@code ShardStateProto}) and cached in memory. Every change
 * goes through {@link #put}, which tells the {@linkplain #onStatusChange listeners} when a status changes: the one
 * place to hook shard-status metrics or the shard actor. Thread-safe.
 */
public final class ShardStates {
    private static final Logger log = LoggerFactory.getLogger(ShardStates.class);
    private static final String KEY_PREFIX = "shard-state/";

    /** Told of every status change, after it is persisted. */
    @FunctionalInterface
    public interface StatusListener {
        void statusChanged(int shard, Optional<ShardStatus> previous, Optional<ShardStatus> current, long epoch);
    }

    private final NodeStateStore store;
    private final String nodeId;
    private final ConcurrentSkipListMap<Integer, ShardState> states = new ConcurrentSkipListMap<>();
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int loadedShards;

    ShardStates(NodeStateStore store, String nodeId) {
        this.store = store;
        this.nodeId = nodeId;
    }

    /** Reads the persisted states of shards {@code 0..shards-1} into memory; later calls with as many are free. */
    public synchronized void load(int shards) {
        for (int shard = loadedShards; shard < shards; shard++) {
            Optional<byte[]> bytes;
            try {
                bytes = store.get(key(shard));
            } catch (CorruptValueException e) {
                log.warn("corrupt shard state nodeId={} shard={}; the shard is checked again", nodeId, shard);
                continue;
            }
            if (bytes.isPresent()) {
                try {
                    states.put(shard, ShardSyncCodec.decodeState(bytes.get()));
                } catch (IllegalArgumentException e) {
                    log.warn("unreadable shard state nodeId={} shard={} error={}", nodeId, shard, e.getMessage());
                }
            }
        }
        loadedShards = Math.max(loadedShards, shards);
    }

    public Optional<ShardState> get(int shard) {
        return Optional.ofNullable(states.get(shard));
    }

    /** Every state, by shard. */
    public List<ShardState> all() {
        return List.copyOf(states.values());
    }

    /** Whether this node is still syncing or recovering {@code shard}. */
    public boolean transferring(int shard) {
        ShardState state = states.get(shard);
        return state != null && state.transferring();
    }

    /** Persists {@code state} (status or progress), then tells the listeners if the status changed. */
    public void put(ShardState state) {
        Objects.requireNonNull(state, "state");
        ShardState previous;
        synchronized (this) {
            store.put(key(state.shard()), ShardSyncCodec.encodeState(state));
            previous = states.put(state.shard(), state);
        }
        if (previous == null || previous.status() != state.status()) {
            log.info("shard status changed nodeId={} shard={} status={} epoch={} previous={}", nodeId, state.shard(),
                    state.status(), state.epoch(), previous == null ? "none" : previous.status());
            notify(state.shard(), Optional.ofNullable(previous).map(ShardState::status),
                    Optional.of(state.status()), state.epoch());
        }
    }

    /** Forgets {@code shard} (its slivers were deleted), then tells the listeners. */
    public void remove(int shard, long epoch) {
        ShardState previous;
        synchronized (this) {
            store.delete(key(shard));
            previous = states.remove(shard);
        }
        if (previous != null) {
            log.info("shard dropped nodeId={} shard={} epoch={}", nodeId, shard, epoch);
            notify(shard, Optional.of(previous.status()), Optional.empty(), epoch);
        }
    }

    public void onStatusChange(StatusListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notify(int shard, Optional<ShardStatus> previous, Optional<ShardStatus> current, long epoch) {
        for (StatusListener listener : listeners) {
            try {
                listener.statusChanged(shard, previous, current, epoch);
            } catch (RuntimeException e) {
                log.warn("shard status listener failed nodeId={} shard={}", nodeId, shard, e);
            }
        }
    }

    static String key(int shard) {
        return KEY_PREFIX + shard;
    }
}
