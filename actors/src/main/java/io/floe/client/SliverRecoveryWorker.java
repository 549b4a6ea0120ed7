package io.floe.client;

import io.floe.metrics.FloeMetrics;
import io.floe.client.MemberCalls.Outcome;
import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.encoding.NotEnoughSliversException;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.recovery.InconsistencyProof;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.protocol.recovery.SliverRecovery;
import io.floe.storage.BlobLifecycleStatus;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.MissingSliver;
import io.floe.storage.NodeApiException;
import io.floe.storage.RepairListener;
import io.floe.storage.StorageService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs certified blobs on this node: rebuilds the slivers of its shards that are missing or corrupt from recovery
 * symbols of other members (node API), adopts certified blobs it never saw registered, and reports inconsistently
 * encoded blobs to every member with the proof. Runs a bounded number of blobs at a time, retries with backoff a
 * bounded number of times, and at {@link #start()} scans storage for certified blobs that lack slivers. Each
 * anti-entropy round then continues such a scan by a bounded step ({@link #continueScan()}), so that blobs whose repair
 * gave up are retried and every blob is checked again in turn, at a cost per round that does not grow with the store.
 */
public final class SliverRecoveryWorker implements RepairListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SliverRecoveryWorker.class);
    private static final int SCAN_PAGE = 256;
    private static final int MAX_SCAN_PAGES = 1 << 20;
    /** Pages of {@link #SCAN_PAGE} blobs that one {@link #continueScan()} examines. */
    private static final int ROUND_SCAN_PAGES = 4;

    private final StorageService service;
    private final CommitteeView view;
    private final NodeApiClients clients;
    private final RecoverySettings settings;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<BlobId, Job> jobs = new ConcurrentHashMap<>();
    private final FloeMetrics metrics;
    private final AtomicBoolean continuing = new AtomicBoolean();
    /** Where the next {@link #continueScan()} starts; null: from the first blob. */
    private volatile BlobId continueFrom;

    /** One blob's repair; {@code rerun} is set when a new trigger arrives while it runs. */
    private static final class Job {
        final BlobId blobId;
        volatile Certificate certificate;
        volatile int attempts;
        volatile boolean rerun;

        Job(BlobId blobId, Certificate certificate) {
            this.blobId = blobId;
            this.certificate = certificate;
        }
    }

    public SliverRecoveryWorker(StorageService service, NodeApiClients clients, RecoverySettings settings) {
        this(service, clients, settings, FloeMetrics.disabled());
    }

    /** The same, counting recovered slivers and failed repairs in {@code metrics}. */
    public SliverRecoveryWorker(StorageService service, NodeApiClients clients, RecoverySettings settings,
            FloeMetrics metrics) {
        this.metrics = metrics;
        this.service = service;
        this.view = service.view();
        this.clients = clients;
        this.settings = settings;
        this.scheduler = new ScheduledThreadPoolExecutor(settings.parallelism(),
                NodeApiClients.daemonThreads("floe-recovery-" + view.nodeId()));
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Scans storage for certified blobs lacking slivers and repairs them; call once the committee is known. */
    public void start() {
        execute(() -> scan(1));
    }

    /**
     * Continues a scan for certified blobs that lack slivers where the previous call stopped, by at most
     * {@value #ROUND_SCAN_PAGES} pages of {@value #SCAN_PAGE} blobs, wrapping around after the last blob; in the
     * background, and skipped while the previous step still runs. Anti-entropy rounds call it: a full scan per round
     * would cost lookups of every sliver of every blob stored, every round.
     *
     * @return whether a step was started (false while the previous one runs)
     */
    public boolean continueScan() {
        return continueScan(SCAN_PAGE, ROUND_SCAN_PAGES);
    }

    /** {@link #continueScan()} by {@code pages} pages of {@code pageSize} blobs. */
    public boolean continueScan(int pageSize, int pages) {
        if (pageSize < 1 || pages < 1) {
            throw new IllegalArgumentException("a scan step needs a positive page size and page count");
        }
        if (!continuing.compareAndSet(false, true)) {
            return false;
        }
        // A closed worker drops the task, and stays "continuing": it scans no more anyway.
        execute(() -> {
            try {
                continueFrom = scanPages(continueFrom, pageSize, pages).next();
            } catch (RuntimeException e) {
                log.debug("recovery scan step failed node={} error={}", view.nodeId(), e.toString());
            } finally {
                continuing.set(false);
            }
        });
        return true;
    }

    /**
     * Repairs {@code blobId} in the caller's thread: up to {@code attempts} attempts with this worker's backoff
     * between them; true when the node then holds every sliver of its shards for the blob (or has nothing to hold).
     * Shard transfers use it to know that a blob is done before they move their cursor past it.
     */
    public boolean repairNow(BlobId blobId, int attempts) {
        Job job = new Job(blobId, null);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                if (repair(job)) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.debug("recovery attempt failed blobId={} attempt={} error={}", blobId, attempt, e.toString());
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(settings.backoff(attempt + 1).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Whether no repair is queued or running. */
    public boolean idle() {
        return jobs.isEmpty();
    }

    @Override
    public void blobNeedsRepair(BlobId blobId) {
        submit(blobId, null);
    }

    @Override
    public void certifiedBlobUnknown(Certificate certificate) {
        submit(certificate.blobId(), certificate);
    }

    private void submit(BlobId blobId, Certificate certificate) {
        boolean[] created = {false};
        Job job = jobs.compute(blobId, (id, existing) -> {
            if (existing != null) {
                if (certificate != null) {
                    existing.certificate = certificate;
                }
                existing.rerun = true;
                return existing;
            }
            created[0] = true;
            return new Job(id, certificate);
        });
        if (created[0]) {
            execute(() -> run(job));
        }
    }

    private void scan(int attempt) {
        try {
            int scheduled = scanPages(null, SCAN_PAGE, MAX_SCAN_PAGES).scheduled();
            if (scheduled > 0) {
                log.info("recovery scan done node={} blobsToRepair={}", view.nodeId(), scheduled);
            }
        } catch (RuntimeException e) {
            if (attempt >= settings.maxAttempts()) {
                log.warn("recovery scan gave up node={} error={}", view.nodeId(), e.getMessage());
                return;
            }
            schedule(() -> scan(attempt + 1), attempt + 1);
        }
    }

    /** Where a scan stopped (null: at the end) and how many blobs it handed to repair. */
    private record ScanStep(BlobId next, int scheduled) {
    }

    /** Hands to repair the certified blobs lacking slivers in up to {@code pages} pages after {@code from}. */
    private ScanStep scanPages(BlobId from, int pageSize, int pages) {
        BlobId cursor = from;
        int scheduled = 0;
        for (int page = 0; page < pages; page++) {
            StorageService.RepairScanPage found = service.certifiedBlobsLackingSlivers(cursor, pageSize);
            found.blobIds().forEach(this::blobNeedsRepair);
            scheduled += found.blobIds().size();
            if (!found.more()) {
                return new ScanStep(null, scheduled);
            }
            cursor = found.cursor();
        }
        return new ScanStep(cursor, scheduled);
    }

    private void run(Job job) {
        job.attempts++;
        boolean done;
        try {
            done = repair(job);
        } catch (RuntimeException e) {
            log.debug("recovery attempt failed blobId={} attempt={} error={}", job.blobId, job.attempts, e.toString());
            done = false;
        }
        if (!done && job.attempts < settings.maxAttempts()) {
            schedule(() -> run(job), job.attempts + 1);
            return;
        }
        if (!done) {
            log.warn("recovery gave up blobId={} attempts={}; the next trigger retries", job.blobId, job.attempts);
            metrics.recoveryFailed(job.blobId);
        }
        boolean[] again = {false};
        jobs.computeIfPresent(job.blobId, (id, current) -> {
            if (current.rerun) {
                current.rerun = false;
                current.attempts = 0;
                again[0] = true;
                return current;
            }
            return null;
        });
        if (again[0]) {
            execute(() -> run(job));
        }
    }

    /** One attempt; true when nothing is left to do for the blob. */
    private boolean repair(Job job) {
        BlobId blobId = job.blobId;
        Committee committee = view.committee().orElseThrow(() -> new IllegalStateException("no committee yet"));
        BlobLifecycleStatus status = service.lifecycle(blobId);
        if (status.status().equals("nonexistent")) {
            if (job.certificate == null) {
                return true;
            }
            adopt(committee, job.certificate);
        } else if (!status.status().equals("certified")) {
            return true;
        }
        List<MissingSliver> missing = service.missingSlivers(blobId, true);
        if (missing.isEmpty()) {
            return true;
        }
        BlobMetadata metadata = metadata(committee, blobId);
        boolean complete = true;
        for (MissingSliver sliver : missing) {
            SliverRecovery.Result result = recover(committee, blobId, metadata, sliver);
            if (result instanceof SliverRecovery.Recovered recovered) {
                service.storeSliver(blobId, sliver.pair(), recovered.sliver());
                metrics.sliverRecovered(blobId);
                log.debug("sliver recovered blobId={} shard={} type={}", blobId, sliver.shard(),
                        sliver.type().pathName());
            } else if (result instanceof SliverRecovery.Inconsistent inconsistent) {
                reportInconsistency(committee, blobId, inconsistent.proof());
                return true;
            } else {
                complete = false;
            }
        }
        return complete;
    }

    /** Recovery symbols from this node and every other member, decoded; null when too few verified. */
    private SliverRecovery.Result recover(Committee committee, BlobId blobId, BlobMetadata metadata,
            MissingSliver sliver) {
        List<RecoverySymbol> symbols = new ArrayList<>();
        try {
            symbols.addAll(service.recoverySymbols(blobId, sliver.sliverIndex(), sliver.type()));
        } catch (NodeApiException e) {
            // This node holds no source sliver for it; the others will have to.
        }
        for (Outcome<List<RecoverySymbol>> outcome : MemberCalls.callAll(others(committee), member ->
                clients.forUrl(member.apiUrl()).recoverySymbols(blobId, sliver.sliverIndex(), sliver.type()),
                clients.fanOut())) {
            if (outcome.ok()) {
                symbols.addAll(outcome.value());
            }
        }
        try {
            return SliverRecovery.recover(metadata, sliver.type(), sliver.sliverIndex(), symbols);
        } catch (NotEnoughSliversException e) {
            log.debug("not enough recovery symbols blobId={} shard={} type={} error={}", blobId, sliver.shard(),
                    sliver.type().pathName(), e.getMessage());
            return null;
        }
    }

    /** Local metadata, or verified metadata from another member, stored so that the next read finds it. */
    private BlobMetadata metadata(Committee committee, BlobId blobId) {
        try {
            return service.readMetadata(blobId).metadata();
        } catch (NodeApiException e) {
            if (e.httpStatus() != 404 && e.httpStatus() != 500) {
                throw e;
            }
        }
        BlobMetadata metadata = fetchMetadata(committee, blobId);
        service.storeMetadata(blobId, metadata);
        return metadata;
    }

    private BlobMetadata fetchMetadata(Committee committee, BlobId blobId) {
        List<CommitteeMember> members = others(committee);
        Collections.shuffle(members);
        for (CommitteeMember member : members) {
            Outcome<BlobMetadata> outcome = MemberCalls.call(member,
                    m -> clients.forUrl(m.apiUrl()).metadata(blobId).metadata());
            if (outcome.ok() && outcome.value().shards() == committee.shards()) {
                return outcome.value();
            }
        }
        throw new IllegalStateException("no other member served the metadata of " + blobId);
    }

    /**
     * Records a certified blob from its certificate: metadata from any member (verified against the ID) and the
     * highest end epoch that members holding more than {@code f} shards report, so a lying member cannot set it.
     */
    private void adopt(Committee committee, Certificate certificate) {
        BlobId blobId = certificate.blobId();
        List<Outcome<BlobStatusReport>> statuses = MemberCalls.callAll(others(committee),
                member -> clients.forUrl(member.apiUrl()).status(blobId), clients.fanOut());
        List<Outcome<BlobStatusReport>> certified = new ArrayList<>();
        for (Outcome<BlobStatusReport> outcome : statuses) {
            if (outcome.ok() && outcome.value().status().equals("certified")
                    && outcome.value().endEpoch().isPresent()) {
                certified.add(outcome);
            }
        }
        certified.sort(Comparator.comparingLong(
                (Outcome<BlobStatusReport> outcome) -> outcome.value().endEpoch().getAsLong()).reversed());
        int weight = 0;
        for (Outcome<BlobStatusReport> outcome : certified) {
            weight += outcome.member().weight();
            if (committee.isValidity(weight)) {
                long endEpoch = outcome.value().endEpoch().getAsLong();
                service.adoptCertifiedBlob(certificate, fetchMetadata(committee, blobId), endEpoch);
                log.info("certified blob adopted blobId={} endEpoch={}", blobId, endEpoch);
                return;
            }
        }
        throw new IllegalStateException("members holding more than f shards do not report " + blobId
                + " certified yet");
    }

    private void reportInconsistency(Committee committee, BlobId blobId, InconsistencyProof proof) {
        service.acceptInconsistencyProof(blobId, proof.targetType(), proof.toBcs());
        List<Outcome<Object>> sent = MemberCalls.callAll(others(committee),
                member -> clients.forUrl(member.apiUrl()).postInconsistencyProof(blobId, proof), clients.fanOut());
        log.warn("blob is inconsistently encoded blobId={} proofFailures={}", blobId,
                MemberCalls.describeFailures(sent));
    }

    private List<CommitteeMember> others(Committee committee) {
        List<CommitteeMember> others = new ArrayList<>();
        for (CommitteeMember member : committee.members()) {
            if (!member.nodeId().equals(view.nodeId())) {
                others.add(member);
            }
        }
        return others;
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("recovery worker closed; task dropped node={}", view.nodeId());
        }
    }

    private void schedule(Runnable task, int attempt) {
        try {
            scheduler.schedule(task, settings.backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("recovery worker closed; retry dropped node={}", view.nodeId());
        }
    }

    /** Stops repairing; running attempts are interrupted and queued ones dropped. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("recovery worker did not stop within 10 s node={}", view.nodeId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
