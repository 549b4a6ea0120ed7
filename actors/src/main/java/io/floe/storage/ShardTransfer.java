package io.floe.storage;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.CertificateException;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.shard.ShardStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage side of moving shards between nodes at epoch changes: pages of a shard for its new owner, intake of
 * those pages (every sliver verified before it is stored), the per-shard scan for blobs to recover, and deletion of
 * a shard this node lost.
 */
final class ShardTransfer {
    private static final Logger log = LoggerFactory.getLogger(ShardTransfer.class);
    private static final int COUNT_PAGE = 4096;
    private static final int MAX_COUNT_PAGES = 1 << 16;

    /** What became of one blob of a page on the receiving node. */
    enum Intake {
        /** Both slivers verified and stored (or already held). */
        STORED,
        /** The blob is known here but a sliver was missing at the source or failed verification: recover it. */
        NEEDS_RECOVERY,
        /** Nothing to hold: expired, deleted or invalid here, or a certificate this node cannot verify. */
        SKIPPED
    }

    private final BlobRecords records;
    private final ShardStates states;

    ShardTransfer(BlobRecords records, ShardStates states) {
        this.records = records;
        this.states = states;
    }

    ShardSyncPage page(int shard, BlobId after, int limit, long maxBytes) {
        Committee committee = records.requireCommittee();
        checkShard(committee, shard);
        Optional<ShardState> state = states.get(shard);
        boolean locked = state.filter(s -> s.status() == ShardStatus.LOCKED_TO_MOVE).isPresent();
        boolean owned = records.owns(committee, shard);
        if (owned && states.transferring(shard)) {
            throw NodeApiException.unavailable(ErrorReason.SHARD_SYNCING, "node " + records.view().nodeId()
                    + " is itself still taking over shard " + shard + " (" + state.get().status() + "); retry later"
                    + " or recover the shard from the other shards");
        }
        if (!owned && !locked) {
            throw NodeApiException.failedPrecondition(ErrorReason.SHARD_NOT_ASSIGNED, "node "
                    + records.view().nodeId() + " does not hold shard " + shard + " in epoch " + committee.epoch()
                    + "; recover it from the other shards");
        }
        List<BlobId> ids = records.storage().slivers().blobIds(shard, after, limit);
        List<SyncedBlob> blobs = new ArrayList<>();
        long bytes = 0;
        BlobId cursor = after;
        boolean stoppedEarly = false;
        for (BlobId blobId : ids) {
            if (bytes >= maxBytes && !blobs.isEmpty()) {
                stoppedEarly = true;
                break;
            }
            cursor = blobId;
            Optional<SyncedBlob> entry = entry(committee, shard, blobId);
            if (entry.isPresent()) {
                blobs.add(entry.get());
                bytes += entry.get().size();
            }
        }
        long total = after == null ? countBlobs(shard) : 0;
        return new ShardSyncPage(shard, blobs, Optional.ofNullable(cursor), stoppedEarly || ids.size() == limit,
                total);
    }

    /** The page entry of a certified, unexpired blob; slivers the source lacks or holds corrupt are left empty. */
    private Optional<SyncedBlob> entry(Committee committee, int shard, BlobId blobId) {
        try {
            Optional<BlobInfo> found = records.info(blobId);
            if (found.isEmpty() || found.get().status() != BlobStatus.CERTIFIED
                    || found.get().endEpoch() <= committee.epoch() || found.get().certificate().isEmpty()) {
                return Optional.empty();
            }
            BlobInfo info = found.get();
            Optional<BlobMetadata> metadata = records.metadata(blobId);
            if (metadata.isEmpty()) {
                return Optional.empty();
            }
            Certificate certificate = Certificate.fromBcs(info.certificate().get());
            byte[] primary = records.sliverOrEmpty(shard, blobId, SliverType.PRIMARY).map(Sliver::toBcs).orElse(null);
            byte[] secondary = records.sliverOrEmpty(shard, blobId, SliverType.SECONDARY).map(Sliver::toBcs)
                    .orElse(null);
            return Optional.of(new SyncedBlob(blobId, metadata.get(), certificate, info.endEpoch(),
                    records.persistenceOf(blobId, info), primary, secondary));
        } catch (NodeApiException | IllegalArgumentException e) {
            log.warn("blob left out of a shard-sync page blobId={} shard={} error={}", blobId, shard, e.getMessage());
            return Optional.empty();
        }
    }

    private long countBlobs(int shard) {
        long count = 0;
        BlobId cursor = null;
        for (int pages = 0; pages < MAX_COUNT_PAGES; pages++) {
            List<BlobId> page = records.storage().slivers().blobIds(shard, cursor, COUNT_PAGE);
            count += page.size();
            if (page.size() < COUNT_PAGE) {
                break;
            }
            cursor = page.get(page.size() - 1);
        }
        return count;
    }

    /**
     * Takes one blob of a page for shard {@code shard}, which this node must own: adopts the blob if it is unknown
     * here (certificate verified against the committee of its epoch, metadata against the blob ID), then stores
     * each sliver that verifies against the metadata, all in one atomic batch. A sliver that fails verification is
     * never stored.
     */
    Intake accept(int shard, SyncedBlob blob) {
        Committee committee = records.requireCommittee();
        checkShard(committee, shard);
        if (!records.owns(committee, shard)) {
            throw NodeApiException.failedPrecondition(ErrorReason.SHARD_NOT_ASSIGNED, "node "
                    + records.view().nodeId() + " does not own shard " + shard + " in epoch " + committee.epoch());
        }
        BlobId blobId = blob.blobId();
        synchronized (records.lock(blobId)) {
            Optional<BlobInfo> found = records.info(blobId);
            if (found.isPresent() && (found.get().status() == BlobStatus.INVALID
                    || found.get().status() == BlobStatus.DELETED || found.get().endEpoch() <= committee.epoch())) {
                return Intake.SKIPPED;
            }
            Optional<BlobMetadata> local = records.metadata(blobId);
            boolean adopt = found.isEmpty() || found.get().status() != BlobStatus.CERTIFIED;
            String problem = adopt ? adoptionProblem(committee, blob, found) : null;
            if (problem == null && local.isEmpty()) {
                problem = metadataProblem(committee, blob);
            }
            if (problem != null) {
                log.warn("synced blob not adopted blobId={} shard={} reason=\"{}\"", blobId, shard, problem);
                return found.filter(info -> info.status() == BlobStatus.CERTIFIED).isPresent()
                        ? Intake.NEEDS_RECOVERY : Intake.SKIPPED;
            }
            BlobMetadata metadata = local.orElse(blob.metadata());
            EncodingConfig config = BlobRecords.config(committee);
            int pair = config.pairOfShard(shard, blobId);
            Optional<Sliver> primary = verified(metadata, blob.primary(), SliverType.PRIMARY, pair, config, shard);
            Optional<Sliver> secondary = verified(metadata, blob.secondary(), SliverType.SECONDARY, pair, config,
                    shard);
            records.storage().atomically(batch -> {
                if (adopt) {
                    Certificate certificate = blob.certificate();
                    BlobInfo base = found.orElseGet(() -> BlobInfo.registered(metadata.unencodedLength(),
                            certificate.epoch(), blob.endEpoch(), blob.persistence() instanceof BlobPersistence.Deletable));
                    BlobInfo certified = base.withEndEpoch(Math.max(base.endEpoch(), blob.endEpoch()))
                            .certified(certificate.epoch(), certificate.toBcs());
                    if (found.isEmpty()) {
                        BlobRecords.putRegistration(batch, blobId, certified, blob.persistence());
                    } else {
                        batch.putBlobInfo(blobId, certified);
                    }
                }
                if (local.isEmpty()) {
                    batch.putMetadata(metadata);
                }
                primary.ifPresent(sliver -> batch.putSliver(shard, blobId, sliver));
                secondary.ifPresent(sliver -> batch.putSliver(shard, blobId, sliver));
            });
            return primary.isPresent() && secondary.isPresent() ? Intake.STORED : Intake.NEEDS_RECOVERY;
        }
    }

    /** Why the page's certificate cannot make this blob certified here, or null if it can. */
    private String adoptionProblem(Committee committee, SyncedBlob blob, Optional<BlobInfo> found) {
        Certificate certificate = blob.certificate();
        if (!certificate.blobId().equals(blob.blobId())) {
            return "certificate is for blob " + certificate.blobId();
        }
        if (blob.endEpoch() <= committee.epoch()) {
            return "expired at epoch " + blob.endEpoch();
        }
        Optional<Committee> signers = records.view().committeeOf(certificate.epoch());
        if (signers.isEmpty()) {
            return "this node does not know the committee of epoch " + certificate.epoch()
                    + " to verify the certificate";
        }
        try {
            certificate.verify(signers.get());
        } catch (CertificateException e) {
            return e.getMessage();
        }
        if (!certificate.persistence().equals(blob.persistence())) {
            return "certificate confirms " + certificate.persistence() + ", the page says " + blob.persistence();
        }
        if (found.isPresent()) {
            BlobPersistence registered = records.persistenceOf(blob.blobId(), found.get());
            if (!registered.equals(certificate.persistence())) {
                return "registered here as " + registered + ", certified as " + certificate.persistence();
            }
            if (found.get().unencodedLength() != blob.metadata().unencodedLength()) {
                return "registered here with " + found.get().unencodedLength() + " bytes";
            }
        }
        return null;
    }

    private static String metadataProblem(Committee committee, SyncedBlob blob) {
        BlobId computed = blob.metadata().blobId();
        if (!computed.equals(blob.blobId())) {
            return "metadata hashes to " + computed;
        }
        if (blob.metadata().shards() != committee.shards()) {
            return "metadata is for " + blob.metadata().shards() + " shards";
        }
        return null;
    }

    private Optional<Sliver> verified(BlobMetadata metadata, byte[] bcs, SliverType type, int pair,
            EncodingConfig config, int shard) {
        if (bcs.length == 0) {
            return Optional.empty();
        }
        try {
            Sliver sliver = Sliver.fromBcs(type, bcs);
            int expected = type.sliverIndexOfPair(pair, config.shards());
            if (sliver.index() != expected) {
                throw new IllegalArgumentException("sliver index " + sliver.index() + ", expected " + expected);
            }
            SliverVerifier.verify(metadata, sliver);
            return Optional.of(sliver);
        } catch (IllegalArgumentException e) {
            log.warn("synced sliver rejected blobId={} shard={} type={} error=\"{}\"", metadata.blobId(), shard,
                    type.pathName(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * One page of certified, unexpired blobs known here that lack a sliver on {@code shard}, after {@code after};
     * the cursor is the last blob ID examined.
     */
    StorageService.RepairScanPage lackingOnShard(int shard, BlobId after, int limit) {
        return records.scanCertified(after, limit, blobId ->
                !records.storage().slivers().has(shard, blobId, SliverType.PRIMARY)
                        || !records.storage().slivers().has(shard, blobId, SliverType.SECONDARY));
    }

    /** Deletes every sliver of {@code shard}, which this node must not own now, in bounded atomic steps. */
    void deleteShard(int shard) {
        Committee committee = records.requireCommittee();
        checkShard(committee, shard);
        if (records.owns(committee, shard)) {
            throw new IllegalStateException("node " + records.view().nodeId() + " owns shard " + shard
                    + " in epoch " + committee.epoch() + "; it must not delete it");
        }
        records.storage().slivers().deleteShard(shard);
    }

    private static void checkShard(Committee committee, int shard) {
        if (shard < 0 || shard >= committee.shards()) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE, "shard " + shard + " outside [0, "
                    + committee.shards() + ")");
        }
    }
}
