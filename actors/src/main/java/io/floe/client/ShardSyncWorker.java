package io.floe.client;

import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.shard.ShardStatus;
import io.floe.storage.NodeApiException;
import io.floe.storage.ShardState;
import io.floe.storage.ShardStates;
import io.floe.storage.ShardSyncPage;
import io.floe.storage.StorageService;
import io.floe.storage.SyncedBlob;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves shards at epoch changes, on the node's side (docs/shard-sync.md). Whenever the committee view advances or
 * an epoch change is done, it compares the shards this node holds with those it owns: a gained shard is pulled page
 * by page from its previous owner ({@code ACTIVE_SYNC}), or rebuilt from recovery symbols of the other shards when
 * that owner cannot serve it ({@code ACTIVE_RECOVER}); a lost shard is kept read-only ({@code LOCKED_TO_MOVE}) until
 * the change is done, then deleted. Progress is persisted after every page, so a restarted node resumes where it
 * stopped. Once every shard it owns is active it reports {@link CommitteeView#shardsSynced}. One thread; every loop
 * is bounded.
 */
public final class ShardSyncWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardSyncWorker.class);
    private static final int MAX_PAGES = 1 << 20;
    private static final int MAX_FAILED_ROUNDS = 30;

    private final StorageService service;
    private final ShardStates states;
    private final CommitteeView view;
    private final NodeApiClients clients;
    private final SliverRecoveryWorker recovery;
    private final ShardSyncSettings settings;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long reportedEpoch;
    private volatile Consumer<ShardState> progressListener = state -> { };
    private int failedRounds;

    public ShardSyncWorker(StorageService service, NodeApiClients clients, SliverRecoveryWorker recovery,
            ShardSyncSettings settings) {
        this.service = service;
        this.states = service.shardStates();
        this.view = service.view();
        this.clients = clients;
        this.recovery = recovery;
        this.settings = settings;
        this.executor = new ScheduledThreadPoolExecutor(1, NodeApiClients.daemonThreads("floe-shard-sync-"
                + view.nodeId()));
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Follows the committee view from now on and reconciles the shards once at once; call once. */
    public void start() {
        view.onAdvance(committee -> requestReconcile());
        view.onEpochChangeDone(epoch -> requestReconcile());
        requestReconcile();
    }

    /** Called with a shard's state after every page synced or recovered (tests, metrics); runs on the worker. */
    public void onProgress(Consumer<ShardState> listener) {
        this.progressListener = Objects.requireNonNull(listener, "listener");
    }

    /** The latest epoch for which this worker reported every owned shard synced (0 before the first report). */
    public long reportedEpoch() {
        return reportedEpoch;
    }

    private void requestReconcile() {
        if (pending.compareAndSet(false, true)) {
            execute(this::reconcile);
        }
    }

    private boolean aborted() {
        return closed || pending.get() || Thread.currentThread().isInterrupted();
    }

    private void reconcile() {
        pending.set(false);
        try {
            reconcileOnce();
            failedRounds = 0;
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            failedRounds++;
            log.warn("shard reconciliation failed nodeId={} round={} error={}", view.nodeId(), failedRounds,
                    e.toString());
            if (failedRounds < MAX_FAILED_ROUNDS) {
                schedule(this::requestReconcile, settings.retryDelay().multipliedBy(Math.min(failedRounds, 10)));
            } else {
                log.error("shard reconciliation gave up nodeId={} after {} rounds; the next epoch change or restart"
                        + " retries", view.nodeId(), failedRounds);
            }
        }
    }

    private void reconcileOnce() {
        Committee committee = view.committee().orElse(null);
        if (committee == null) {
            return;
        }
        long epoch = committee.epoch();
        states.load(committee.shards());
        List<Integer> owned = view.shardsIn(committee);
        boolean fresh = states.all().isEmpty();
        for (ShardState state : states.all()) {
            if (!owned.contains(state.shard()) && state.status() != ShardStatus.LOCKED_TO_MOVE) {
                states.put(ShardState.of(state.shard(), ShardStatus.LOCKED_TO_MOVE, epoch));
            }
        }
        for (int shard : owned) {
            Optional<ShardState> state = states.get(shard);
            if (state.isEmpty() || state.get().status() == ShardStatus.LOCKED_TO_MOVE) {
                states.put(initialState(committee, shard, state.isPresent(), fresh));
            }
        }
        long done = view.epochChangeDone();
        for (ShardState state : states.all()) {
            if (state.status() == ShardStatus.LOCKED_TO_MOVE && state.epoch() <= done) {
                service.deleteShardSlivers(state.shard());
                states.remove(state.shard(), epoch);
            }
        }
        for (int shard : owned) {
            ShardState state = states.get(shard).orElseThrow();
            boolean finished = switch (state.status()) {
                case ACTIVE_SYNC -> sync(state);
                case ACTIVE_RECOVER -> recover(state);
                default -> true;
            };
            if (!finished) {
                return;
            }
        }
        boolean allActive = owned.stream().allMatch(shard -> states.get(shard)
                .filter(state -> state.status() == ShardStatus.ACTIVE).isPresent());
        if (allActive && epoch > reportedEpoch && view.epoch() == epoch) {
            reportedEpoch = epoch;
            log.info("shards synced nodeId={} epoch={} shards={}", view.nodeId(), epoch, owned.size());
            view.shardsSynced(epoch);
        }
    }

    /**
     * How this node starts holding {@code shard}, which it owns in {@code committee}: pulled from the previous
     * owner when the previous committee is known, active if this node owned it already (or the cluster is new),
     * recovered otherwise.
     */
    private ShardState initialState(Committee committee, int shard, boolean heldLocked, boolean fresh) {
        long epoch = committee.epoch();
        Optional<Committee> previous = view.committeeOf(epoch - 1);
        if (previous.isPresent() && shard < previous.get().shards()) {
            CommitteeMember before = previous.get().memberOfShard(shard);
            if (!before.nodeId().equals(view.nodeId())) {
                return ShardState.syncing(shard, epoch, before.nodeId());
            }
            return ShardState.of(shard, heldLocked ? ShardStatus.ACTIVE_RECOVER : ShardStatus.ACTIVE, epoch);
        }
        if (!heldLocked && (fresh || epoch <= 1)) {
            return ShardState.of(shard, ShardStatus.ACTIVE, epoch);
        }
        return ShardState.of(shard, ShardStatus.ACTIVE_RECOVER, epoch);
    }

    /** Pulls the shard from its previous owner; false when interrupted by a newer trigger (it resumes then). */
    private boolean sync(ShardState start) {
        int shard = start.shard();
        Optional<String> url = sourceUrl(start);
        if (url.isEmpty()) {
            return recover(toRecovery(start, "previous owner " + start.source().orElse("?") + " is not in any"
                    + " committee this node knows"));
        }
        NodeApiClient client = clients.forUrl(url.get());
        ShardState state = start;
        int failuresInRow = 0;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            if (aborted()) {
                return false;
            }
            ShardSyncPage page;
            try {
                page = client.shardSyncPage(shard, state.cursor().orElse(null), settings.pageBlobs());
                failuresInRow = 0;
            } catch (NodeUnreachableException | NodeApiException e) {
                if (aborted()) {
                    return false;
                }
                failuresInRow++;
                log.info("shard sync request failed nodeId={} shard={} source={} attempt={} error=\"{}\"",
                        view.nodeId(), shard, url.get(), failuresInRow, e.getMessage());
                if (failuresInRow >= settings.sourceAttempts()) {
                    return recover(toRecovery(state, "previous owner " + url.get() + " cannot serve it: "
                            + e.getMessage()));
                }
                if (!pause(settings.retryDelay())) {
                    return false;
                }
                continue;
            }
            long recovered = 0;
            for (SyncedBlob blob : page.blobs()) {
                if (!service.storeSyncedBlob(shard, blob)) {
                    recovered++;
                    recoverBlob(blob.blobId(), shard);
                }
            }
            long total = state.cursor().isEmpty() && page.total() > 0 ? page.total() : state.total();
            state = state.progressed(page.cursor(), page.blobs().size(), recovered, total);
            // A synced write: LevelDB's one log makes this page's (unsynced) slivers durable before the position.
            states.put(state);
            progressListener.accept(state);
            if (!page.more()) {
                break;
            }
        }
        // Blobs this node knows that the source did not send (it lacked them): rebuild them before going active.
        if (!sweep(shard, null, false, state)) {
            return false;
        }
        finish(states.get(shard).orElse(state));
        return true;
    }

    private Optional<String> sourceUrl(ShardState state) {
        if (state.source().isEmpty()) {
            return Optional.empty();
        }
        for (long epoch = state.epoch() - 1; epoch <= view.epoch(); epoch++) {
            Optional<String> url = view.committeeOf(epoch).flatMap(c -> c.memberById(state.source().get()))
                    .map(CommitteeMember::apiUrl);
            if (url.isPresent()) {
                return url;
            }
        }
        return Optional.empty();
    }

    private ShardState toRecovery(ShardState state, String reason) {
        log.warn("shard falls back to recovery nodeId={} shard={} epoch={} reason=\"{}\"", view.nodeId(),
                state.shard(), state.epoch(), reason);
        ShardState recovering = ShardState.of(state.shard(), ShardStatus.ACTIVE_RECOVER, state.epoch());
        states.put(recovering);
        return recovering;
    }

    /** Rebuilds every missing sliver of the shard from recovery symbols; false when interrupted. */
    private boolean recover(ShardState start) {
        if (!sweep(start.shard(), start.cursor().orElse(null), true, start)) {
            return false;
        }
        finish(states.get(start.shard()).orElse(start));
        return true;
    }

    /**
     * Goes through the certified blobs this node knows that lack a sliver on {@code shard}, after {@code cursor},
     * and recovers them; with {@code persist}, progress is saved after every page.
     */
    private boolean sweep(int shard, BlobId cursor, boolean persist, ShardState start) {
        ShardState state = start;
        BlobId position = cursor;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            if (aborted()) {
                return false;
            }
            StorageService.RepairScanPage page = service.certifiedBlobsLackingSliversOn(shard, position,
                    settings.pageBlobs());
            for (BlobId blobId : page.blobIds()) {
                if (aborted()) {
                    return false;
                }
                recoverBlob(blobId, shard);
            }
            position = page.cursor();
            if (persist) {
                state = state.progressed(Optional.ofNullable(position), page.blobIds().size(),
                        page.blobIds().size(), state.total());
                states.put(state);
                progressListener.accept(state);
            }
            if (!page.more()) {
                break;
            }
        }
        return true;
    }

    private void recoverBlob(BlobId blobId, int shard) {
        if (!recovery.repairNow(blobId, settings.recoveryAttempts()) && !closed) {
            log.warn("blob not recovered during shard transfer nodeId={} shard={} blobId={}; the repair worker"
                    + " keeps trying", view.nodeId(), shard, blobId);
            recovery.blobNeedsRepair(blobId);
        }
    }

    private void finish(ShardState state) {
        states.put(new ShardState(state.shard(), ShardStatus.ACTIVE, state.epoch(), Optional.empty(), state.synced(),
                state.total(), Optional.empty(), state.recovered()));
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return !aborted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("shard sync worker closed; task dropped nodeId={}", view.nodeId());
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("shard sync worker closed; retry dropped nodeId={}", view.nodeId());
        }
    }

    /** Stops: the running page is interrupted (its progress up to the last page is kept) and nothing else runs. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("shard sync worker did not stop within 10 s nodeId={}", view.nodeId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
