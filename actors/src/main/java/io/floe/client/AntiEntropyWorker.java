package io.floe.client;

import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.storage.BlobListing;
import io.floe.storage.BlobLifecycleStatus;
import io.floe.storage.NodeApiException;
import io.floe.storage.StorageService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate anti-entropy: every {@code interval}, this node pages through each peer's blob listing
 * ({@code GET /v1/blobs}) and catches up on what it missed while it was down or cut off: certificates (verified
 * against the committee of their epoch, then adopted through the {@link SliverRecoveryWorker}, which fetches the
 * metadata, takes the end epoch that members holding more than {@code f} shards report, and recovers the slivers),
 * deletions (the revealed token is checked against the hash this node keeps) and extended end epochs. Each round
 * ends by continuing the recovery worker's scan for certified blobs still lacking slivers by a bounded step
 * ({@link SliverRecoveryWorker#continueScan()}), so a repair that gave up is tried again. One round at a time,
 * bounded pages per peer.
 */
public final class AntiEntropyWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AntiEntropyWorker.class);

    private final StorageService service;
    private final CommitteeView view;
    private final NodeApiClients clients;
    private final SliverRecoveryWorker recovery;
    private final Duration interval;
    private final int pageSize;
    private final int maxPagesPerPeer;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong rounds = new AtomicLong();

    public AntiEntropyWorker(StorageService service, NodeApiClients clients, SliverRecoveryWorker recovery,
            Duration interval, int pageSize, int maxPagesPerPeer) {
        if (interval.isZero() || interval.isNegative() || pageSize < 1 || maxPagesPerPeer < 1) {
            throw new IllegalArgumentException("anti-entropy needs a positive interval, page size and page count");
        }
        this.service = service;
        this.view = service.view();
        this.clients = clients;
        this.recovery = recovery;
        this.interval = interval;
        this.pageSize = pageSize;
        this.maxPagesPerPeer = maxPagesPerPeer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                NodeApiClients.daemonThreads("floe-anti-entropy-" + view.nodeId()));
    }

    /** Runs a round every interval from now on (the first after one interval). */
    public void start() {
        try {
            scheduler.scheduleWithFixedDelay(this::roundQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("anti-entropy closed before it started node={}", view.nodeId());
        }
    }

    /** Rounds finished since start. */
    public long rounds() {
        return rounds.get();
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("anti-entropy round failed node={} error={}", view.nodeId(), e.toString());
        }
    }

    /** One round over every peer, on the calling thread; returns how many blobs this node caught up on. */
    public int round() {
        Committee committee = view.committee().orElse(null);
        if (committee == null) {
            return 0;
        }
        List<CommitteeMember> peers = new ArrayList<>();
        for (CommitteeMember member : committee.members()) {
            if (!member.nodeId().equals(view.nodeId())) {
                peers.add(member);
            }
        }
        Collections.shuffle(peers);
        int caughtUp = 0;
        for (CommitteeMember peer : peers) {
            try {
                caughtUp += syncFrom(committee, peer);
            } catch (RuntimeException e) {
                log.debug("anti-entropy peer skipped node={} peer={} error={}", view.nodeId(), peer.nodeId(),
                        e.toString());
            }
        }
        recovery.continueScan();
        rounds.incrementAndGet();
        if (caughtUp > 0) {
            log.info("anti-entropy caught up node={} blobs={}", view.nodeId(), caughtUp);
        }
        return caughtUp;
    }

    private int syncFrom(Committee committee, CommitteeMember peer) {
        NodeApiClient client = clients.forUrl(peer.apiUrl());
        BlobId cursor = null;
        int caughtUp = 0;
        for (int pages = 0; pages < maxPagesPerPeer; pages++) {
            BlobListing listing = client.list(cursor, pageSize);
            for (BlobListing.Entry entry : listing.blobs()) {
                try {
                    if (reconcile(committee, client, entry)) {
                        caughtUp++;
                    }
                } catch (RuntimeException e) {
                    log.debug("anti-entropy entry skipped node={} blobId={} error={}", view.nodeId(),
                            entry.blobId(), e.toString());
                }
            }
            if (listing.next().isEmpty()) {
                break;
            }
            cursor = listing.next().get();
        }
        return caughtUp;
    }

    /** Catches up on one peer entry; true when this node changed (or handed the blob to recovery). */
    private boolean reconcile(Committee committee, NodeApiClient peer, BlobListing.Entry entry) {
        BlobId blobId = entry.blobId();
        switch (entry.status()) {
            case "certified" -> {
                if (entry.endEpoch() <= committee.epoch()) {
                    return false;
                }
                BlobLifecycleStatus local = service.lifecycle(blobId);
                switch (local.status()) {
                    case "nonexistent" -> {
                        Certificate certificate = peer.certificate(blobId);
                        service.verifyCertificate(certificate);
                        recovery.certifiedBlobUnknown(certificate);
                        return true;
                    }
                    case "registered" -> {
                        service.acceptCertificate(blobId, peer.certificate(blobId).toBcs());
                        return true;
                    }
                    case "certified" -> {
                        if (local.endEpoch().orElse(0) < entry.endEpoch()) {
                            service.extend(blobId, entry.endEpoch());
                            return true;
                        }
                        return false;
                    }
                    default -> {
                        return false;
                    }
                }
            }
            case "deleted" -> {
                if (entry.deletionToken().isEmpty()) {
                    return false;
                }
                String local = service.lifecycle(blobId).status();
                if (!local.equals("certified") && !local.equals("registered") && !local.equals("invalid")) {
                    return false;
                }
                try {
                    return service.delete(blobId, NodeApiJson.decodeToken(entry.deletionToken().get()))
                            == io.floe.storage.StoreOutcome.CREATED;
                } catch (NodeApiException | IllegalArgumentException e) {
                    log.warn("peer reported a deletion whose token does not verify blobId={} error={}", blobId,
                            e.getMessage());
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
