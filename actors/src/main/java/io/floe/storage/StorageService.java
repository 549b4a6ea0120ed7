package io.floe.storage;

import io.floe.node.CommitteeView;
import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import io.floe.persistence.NodeStorage;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedMessage;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.VerifiedBlobMetadata;
import io.floe.protocol.recovery.RecoverySymbol;
import java.util.List;
import java.util.Optional;

/**
 * All node-side logic of the node API (docs/node-api.md) over a node's {@link NodeStorage} and its
 * {@link CommitteeView}: registration, metadata, slivers, confirmations, certificates, status, recovery symbols and
 * inconsistency proofs. Pure Java and blocking; thread-safe. Every failure is a {@link NodeApiException}, thrown
 * before anything is written.
 */
public final class StorageService {
    private final BlobRecords records;
    private final BlobCertification certification;
    private final RecoverySymbolSource symbols;
    private final BlobInventory inventory;
    private final ShardStates shardStates;
    private final ShardTransfer transfer;

    /** Walrus' limit on how many epochs ahead a blob may be stored, the default of {@code floe.epoch.max-epochs-ahead}. */
    public static final int DEFAULT_MAX_EPOCHS_AHEAD = 53;

    private final int maxEpochsAhead;
    private final BlobLifecycle lifecycle;
    private final ShardSlivers slivers;

    /** A service storing blobs at most {@link #DEFAULT_MAX_EPOCHS_AHEAD} epochs ahead. */
    public StorageService(NodeStorage storage, CommitteeView view) {
        this(storage, view, DEFAULT_MAX_EPOCHS_AHEAD);
    }

    /** A service storing blobs at most {@code maxEpochsAhead} epochs after the current one. */
    public StorageService(NodeStorage storage, CommitteeView view, int maxEpochsAhead) {
        if (maxEpochsAhead < 1) {
            throw new IllegalArgumentException("max epochs ahead must be positive, got " + maxEpochsAhead);
        }
        this.maxEpochsAhead = maxEpochsAhead;
        this.records = new BlobRecords(storage, view);
        this.shardStates = new ShardStates(storage.nodeState(), view.nodeId());
        this.lifecycle = new BlobLifecycle(records, maxEpochsAhead);
        this.certification = new BlobCertification(records, this);
        this.symbols = new RecoverySymbolSource(records);
        this.inventory = new BlobInventory(records, shardStates);
        this.transfer = new ShardTransfer(records, shardStates);
        this.slivers = new ShardSlivers(records, shardStates);
    }

    /** The status and transfer progress of the shards this node holds or takes over. */
    public ShardStates shardStates() {
        return shardStates;
    }

    /** Attaches what repairs blobs this node finds incomplete or corrupt (the recovery worker). */
    public void setRepairListener(RepairListener listener) {
        records.setRepairListener(listener);
    }

    public CommitteeView view() {
        return records.view();
    }

    /** Records a registration: 201 new or extended, 200 the same; a different length or persistence is refused. */
    public StoreOutcome register(BlobId blobId, BlobRegistration registration) {
        Committee committee = records.requireCommittee();
        EncodingConfig config = BlobRecords.config(committee);
        long length = registration.unencodedLength();
        if (!config.fits(length)) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "a blob of " + length
                    + " bytes does not fit " + config.shards() + " shards (maximum " + config.maxBlobSize() + ")");
        }
        if (registration.endEpoch() <= committee.epoch()) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "end epoch "
                    + registration.endEpoch() + " is not after the current epoch " + committee.epoch());
        }
        lifecycle.checkEndEpoch(registration.endEpoch(), committee.epoch());
        synchronized (records.lock(blobId)) {
            Optional<BlobInfo> existing = records.info(blobId);
            // A blob deleted by its owner may be stored again, as a new blob with a new owner.
            if (existing.isEmpty() || existing.get().status() == BlobStatus.DELETED) {
                BlobInfo info = BlobInfo.registered(length, committee.epoch(), registration.endEpoch(),
                        registration.deletable());
                records.storage().atomically(batch ->
                        BlobRecords.putRegistration(batch, blobId, info, registration.persistence()));
                return StoreOutcome.CREATED;
            }
            BlobInfo info = existing.get();
            if (info.status() == BlobStatus.INVALID) {
                BlobRecords.requireServable(blobId, info, committee);
            }
            if (info.unencodedLength() != length) {
                throw NodeApiException.failedPrecondition(ErrorReason.REGISTRATION_CONFLICT, "blob " + blobId
                        + " is registered with " + info.unencodedLength() + " bytes, not " + length);
            }
            BlobPersistence current = records.persistenceOf(blobId, info);
            if (!current.equals(registration.persistence()) && info.status() == BlobStatus.REGISTERED
                    && current instanceof BlobPersistence.Deletable && registration.deletable()) {
                // An uncertified deletable registration belongs to whoever registers last: a publisher that failed
                // midway cannot hand its deletion token to the next one.
                BlobInfo replaced = new BlobInfo(info.unencodedLength(), info.registeredEpoch(),
                        Math.max(info.endEpoch(), registration.endEpoch()), true, BlobStatus.REGISTERED,
                        info.certifiedEpoch(), Optional.empty(), Optional.empty());
                records.storage().atomically(batch ->
                        BlobRecords.putRegistration(batch, blobId, replaced, registration.persistence()));
                return StoreOutcome.CREATED;
            }
            if (!current.equals(registration.persistence())) {
                throw NodeApiException.failedPrecondition(ErrorReason.REGISTRATION_CONFLICT, "blob " + blobId
                        + " is registered as " + current + ", not " + registration.persistence());
            }
            if (registration.endEpoch() <= info.endEpoch()) {
                return StoreOutcome.UNCHANGED;
            }
            records.storage().blobInfo().put(blobId, info.withEndEpoch(registration.endEpoch()));
            return StoreOutcome.CREATED;
        }
    }

    /** The largest metadata body this committee allows, in bytes: {@code 66·n + 64}. */
    public long maxMetadataBodyBytes() {
        return 66L * records.requireCommittee().shards() + 64;
    }

    /**
     * Registers a blob and stores its BCS metadata in one call (a registration carrying its metadata): the metadata
     * is checked against the blob ID, the registration's length and the committee before anything is written, so
     * bad metadata registers nothing. {@link StoreOutcome#CREATED} when either is new.
     */
    public StoreOutcome register(BlobId blobId, BlobRegistration registration, byte[] metadataBcs) {
        BlobMetadata metadata = parseMetadata(metadataBcs);
        Committee committee = records.requireCommittee();
        requireIdentifies(blobId, metadata);
        requireFits(blobId, metadata, registration.unencodedLength(), committee);
        StoreOutcome registered = register(blobId, registration);
        StoreOutcome stored = storeIdentified(blobId, metadata, committee);
        return registered == StoreOutcome.CREATED || stored == StoreOutcome.CREATED ? StoreOutcome.CREATED
                : StoreOutcome.UNCHANGED;
    }

    /** Parses BCS metadata and stores it (see {@link #storeMetadata(BlobId, BlobMetadata)}). */
    public StoreOutcome storeMetadata(BlobId blobId, byte[] bcs) {
        return storeMetadata(blobId, parseMetadata(bcs));
    }

    /** Stores metadata that hashes to {@code blobId} and matches the registration's length and the committee. */
    public StoreOutcome storeMetadata(BlobId blobId, BlobMetadata metadata) {
        Committee committee = records.requireCommittee();
        requireIdentifies(blobId, metadata);
        return storeIdentified(blobId, metadata, committee);
    }

    private StoreOutcome storeIdentified(BlobId blobId, BlobMetadata metadata, Committee committee) {
        BlobInfo info = records.requireRegistered(blobId);
        BlobRecords.requireServable(blobId, info, committee);
        requireFits(blobId, metadata, info.unencodedLength(), committee);
        if (records.metadata(blobId).isPresent()) {
            return StoreOutcome.UNCHANGED;
        }
        records.storage().metadata().put(metadata);
        return StoreOutcome.CREATED;
    }

    private static BlobMetadata parseMetadata(byte[] bcs) {
        try {
            return BlobMetadata.fromBcs(bcs);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS,
                    "body is not BCS BlobMetadata: " + e.getMessage());
        }
    }

    private static void requireIdentifies(BlobId blobId, BlobMetadata metadata) {
        BlobId computed = metadata.blobId();
        if (!computed.equals(blobId)) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_METADATA,
                    "metadata hashes to blob ID " + computed + ", not " + blobId);
        }
    }

    /** Metadata of a blob of {@code length} bytes for this committee's shards. */
    private static void requireFits(BlobId blobId, BlobMetadata metadata, long length, Committee committee) {
        if (metadata.unencodedLength() != length) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_METADATA, "metadata says "
                    + metadata.unencodedLength() + " bytes; blob " + blobId + " is registered with " + length);
        }
        if (metadata.shards() != committee.shards()) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_METADATA, "metadata is for "
                    + metadata.shards() + " shards; the committee of epoch " + committee.epoch() + " has "
                    + committee.shards());
        }
    }

    /** The stored metadata with its blob ID. */
    public VerifiedBlobMetadata readMetadata(BlobId blobId) {
        Committee committee = records.requireCommittee();
        records.servableInfo(blobId, committee);
        BlobMetadata metadata = records.requireMetadata(blobId, NodeApiException.notFound(
                ErrorReason.METADATA_NOT_FOUND, "node " + view().nodeId() + " stores no metadata of blob " + blobId));
        return new VerifiedBlobMetadata(blobId, metadata);
    }

    /**
     * Checks everything about a sliver upload that does not need its body, and returns the largest body allowed:
     * the sliver's size for the blob plus 16 bytes.
     */
    public long sliverBodyLimit(BlobId blobId, int pair, SliverType type) {
        return slivers.sliverBodyLimit(blobId, pair, type);
    }

    /** Parses a BCS sliver and stores it (see {@link #storeSliver(BlobId, int, Sliver)}). */
    public StoreOutcome storeSliver(BlobId blobId, int pair, SliverType type, byte[] bcs) {
        return slivers.storeSliver(blobId, pair, type, bcs);
    }

    /**
     * Stores a sliver of pair {@code pair} of a shard this node owns, once it verifies against the stored metadata;
     * storing it again is harmless, and a corrupt stored copy is overwritten.
     */
    public StoreOutcome storeSliver(BlobId blobId, int pair, Sliver sliver) {
        return slivers.storeSliver(blobId, pair, sliver);
    }

    /** The largest body of a sliver batch for {@code blobId}: both slivers of every pair this node owns. */
    public long sliverBatchBodyLimit(BlobId blobId) {
        return slivers.sliverBatchBodyLimit(blobId);
    }

    /**
     * Stores a batch of slivers ({@link SliverBatch}) all or nothing: every one must belong to a shard this node
     * owns and verify against the stored metadata before any is written, then all are written in one atomic batch.
     */
    public StoreOutcome storeSlivers(BlobId blobId, byte[] bcs) {
        return slivers.storeSlivers(blobId, bcs);
    }

    /**
     * Stores a sliver batch like {@link #storeSlivers(BlobId, byte[])}, then, if {@code confirmFor} is given and this
     * node now holds both slivers of every shard it owns, signs that confirmation;
     * the slivers the batch wrote are not looked up again.
     */
    public SliverBatchResult storeSlivers(BlobId blobId, byte[] bcs, Optional<BlobPersistence> confirmFor) {
        HeldSlivers written = slivers.storeSliverBatch(blobId, bcs);
        return new SliverBatchResult(ShardSlivers.outcome(written),
                confirmFor.flatMap(persistence -> confirmIfComplete(blobId, persistence, written)));
    }

    /** What a sliver batch did: whether it stored anything new, and the confirmation it was asked for, if signed. */
    public record SliverBatchResult(StoreOutcome outcome, Optional<SignedStorageConfirmation> confirmation) {
    }

    /**
     * Stores slivers that this node's own publisher has just encoded, with every check of
     * {@link #storeSlivers(BlobId, byte[])} but the Merkle verification; see
     * {@link ShardSlivers#storeSliversEncodedHere} for why that is sound and when it is not.
     */
    public StoreOutcome storeSliversEncodedHere(BlobId blobId, List<SliverBatch.Entry> entries) {
        return slivers.storeSliversEncodedHere(blobId, entries);
    }

    /** A stored sliver of a shard this node owns; a corrupt one is a 500 and is never served. */
    public Sliver readSliver(BlobId blobId, int pair, SliverType type) {
        return slivers.readSliver(blobId, pair, type);
    }

    /** The lifecycle state of a blob and which of its slivers this node holds; unknown blobs are "nonexistent". */
    public BlobStatusReport status(BlobId blobId) {
        return inventory.status(blobId);
    }

    /** The lifecycle state of a blob as {@link #status} gives it, without looking up which slivers are held. */
    public BlobLifecycleStatus lifecycle(BlobId blobId) {
        return inventory.lifecycle(blobId);
    }

    /**
     * The slivers of this node's shards that it lacks for {@code blobId}; with {@code readStored}, stored slivers are
     * read too and corrupt ones count as missing.
     */
    public List<MissingSliver> missingSlivers(BlobId blobId, boolean readStored) {
        return inventory.missingSlivers(blobId, readStored);
    }

    /** The slivers this node lacks, taking those in {@code known} as held without looking them up. */
    List<MissingSliver> missingSlivers(BlobId blobId, HeldSlivers known) {
        return inventory.missingSlivers(blobId, false, known);
    }

    /**
     * One page of certified, unexpired blobs for which this node lacks slivers (checked without reading them),
     * after {@code after} (exclusive, null for the first page); the cursor is the last blob ID examined.
     */
    public RepairScanPage certifiedBlobsLackingSlivers(BlobId after, int limit) {
        return inventory.certifiedBlobsLackingSlivers(after, limit);
    }

    /**
     * One page of certified, unexpired blobs known here that lack a sliver on {@code shard} (checked without reading
     * them), after {@code after}: what a shard recovery goes through.
     */
    public RepairScanPage certifiedBlobsLackingSliversOn(int shard, BlobId after, int limit) {
        return transfer.lackingOnShard(shard, after, limit);
    }

    /**
     * A page of shard {@code shard} for its new owner ({@code GET /v1/shards/{shard}/slivers}): served while this
     * node owns the shard (active) or holds it locked to move; at most {@code limit} blobs and about
     * {@code maxBytes}.
     */
    public ShardSyncPage shardSyncPage(int shard, BlobId after, int limit, long maxBytes) {
        return transfer.page(shard, after, limit, maxBytes);
    }

    /**
     * Stores one blob of a shard-sync page for shard {@code shard} this node owns; true when both slivers verified
     * and are held, false when the blob needs recovery (a sliver was missing or failed verification and was not
     * stored) or cannot be held (expired, or a certificate this node cannot verify).
     */
    public boolean storeSyncedBlob(int shard, SyncedBlob blob) {
        return transfer.accept(shard, blob) == ShardTransfer.Intake.STORED;
    }

    /** Deletes every sliver of a shard this node no longer owns, in bounded atomic steps. */
    public void deleteShardSlivers(int shard) {
        transfer.deleteShard(shard);
    }

    /** One page of a repair scan: blobs to repair, where to resume, and whether more pages follow. */
    public record RepairScanPage(List<BlobId> blobIds, BlobId cursor, boolean more) {
    }

    /** Signs a storage confirmation if this node holds every sliver of its shards and the persistence matches. */
    public SignedStorageConfirmation confirm(BlobId blobId, BlobPersistence persistence) {
        return certification.confirm(blobId, persistence, HeldSlivers.NONE);
    }

    /**
     * The confirmation of {@link #confirm} when this node can sign it now, for a publisher that asks with its sliver
     * upload; empty when it cannot (slivers still missing, another persistence, ...), which
     * {@code GET .../confirmation} then explains.
     */
    private Optional<SignedStorageConfirmation> confirmIfComplete(BlobId blobId, BlobPersistence persistence,
            HeldSlivers known) {
        try {
            return Optional.of(certification.confirm(blobId, persistence, known));
        } catch (NodeApiException e) {
            return Optional.empty();
        }
    }

    /** Verifies and persists a certificate (200), or hands one for an unknown blob to the repair listener (202). */
    public StoreOutcome acceptCertificate(BlobId blobId, byte[] bcs) {
        return certification.acceptCertificate(blobId, bcs);
    }

    /** The largest certificate body this committee allows, in bytes. */
    public long maxCertificateBodyBytes() {
        return 256L + 96L * records.requireCommittee().members().size();
    }

    /** The certificate this node persisted for a blob. */
    public Certificate certificate(BlobId blobId) {
        return certification.certificate(blobId);
    }

    /** Records a certified blob this node never saw registered, from a verified certificate and verified metadata. */
    public void adoptCertifiedBlob(Certificate certificate, BlobMetadata metadata, long endEpoch) {
        certification.adopt(certificate, metadata, endEpoch);
    }

    /** One recovery symbol towards a target sliver from every sliver of the other type this node holds. */
    public List<RecoverySymbol> recoverySymbols(BlobId blobId, int targetIndex, SliverType targetType) {
        return symbols.recoverySymbols(blobId, targetIndex, targetType);
    }

    /** The largest inconsistency-proof body for a blob, in bytes. */
    public long maxInconsistencyProofBodyBytes(BlobId blobId) {
        return symbols.maxProofBytes(blobId);
    }

    /** Verifies an inconsistency proof, marks the blob invalid and returns the signed invalid-blob-ID message. */
    public SignedMessage acceptInconsistencyProof(BlobId blobId, SliverType targetType, byte[] bcs) {
        return certification.acceptInconsistencyProof(blobId, targetType, bcs);
    }

    /** How many epochs ahead of the current one a blob may be stored. */
    public int maxEpochsAhead() {
        return maxEpochsAhead;
    }

    /**
     * Deletes a deletable blob whose owner presents {@code token}: slivers and metadata are removed, a "deleted"
     * record stays (with the revealed token, so peers can check it) until the blob's end epoch.
     *
     * @return {@link StoreOutcome#CREATED} when deleted now, {@link StoreOutcome#UNCHANGED} when already deleted
     * @throws NodeApiException 403 wrong token, 409 permanent blob, 404 unknown or expired, 410 invalid
     */
    public StoreOutcome delete(BlobId blobId, byte[] token) {
        return lifecycle.delete(blobId, token);
    }

    /**
     * Raises the end epoch of a certified blob to {@code endEpoch} (a lower one changes nothing); returns the end
     * epoch now stored.
     */
    public long extend(BlobId blobId, long endEpoch) {
        return lifecycle.extend(blobId, endEpoch);
    }

    /**
     * Removes every blob whose end epoch is at most {@code epoch}, leaving tombstones; pages of {@code pageSize}
     * blobs, one atomic batch per blob. Returns how many blobs were removed.
     */
    public int collectExpired(long epoch, int pageSize) {
        return lifecycle.collectExpired(epoch, pageSize);
    }

    /** One page of the blobs this node records, in blob-ID order after {@code after} (null: from the start). */
    public BlobListing list(BlobId after, int limit) {
        return lifecycle.list(after, limit);
    }

    /**
     * Checks a certificate against the committee of its epoch (400 {@code INVALID_CERTIFICATE} when it does not
     * verify), without storing anything.
     */
    public void verifyCertificate(Certificate certificate) {
        certification.verifyOnly(certificate);
    }
}
