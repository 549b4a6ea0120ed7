package io.floe.storage;

import io.floe.node.CommitteeView;
import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import io.floe.persistence.CorruptValueException;
import io.floe.persistence.NodeStorage;
import io.floe.persistence.StorageBatch;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage service's reads of one blob's records, each turned into the node API's error when it is missing,
 * corrupt or not servable: shared by the service's collaborators so that they check the same way.
 */
final class BlobRecords {
    private static final Logger log = LoggerFactory.getLogger(BlobRecords.class);
    private static final String OBJECT_ID_PREFIX = "object-id/";
    private static final String TOMBSTONE_PREFIX = "tombstone/";
    private static final String DELETION_TOKEN_PREFIX = "deletion-token/";
    private static final int LOCK_STRIPES = 64;

    private final NodeStorage storage;
    private final CommitteeView view;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private volatile RepairListener repairListener = RepairListener.NONE;

    BlobRecords(NodeStorage storage, CommitteeView view) {
        this.storage = storage;
        this.view = view;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    NodeStorage storage() {
        return storage;
    }

    CommitteeView view() {
        return view;
    }

    RepairListener repairListener() {
        return repairListener;
    }

    void setRepairListener(RepairListener listener) {
        this.repairListener = listener == null ? RepairListener.NONE : listener;
    }

    /** A lock for read-modify-write of one blob's info; stripes keep it bounded. */
    Object lock(BlobId blobId) {
        return locks[Math.floorMod(blobId.hashCode(), LOCK_STRIPES)];
    }

    Committee requireCommittee() {
        return view.committee().orElseThrow(() -> NodeApiException.unavailable(ErrorReason.NOT_READY,
                "node " + view.nodeId() + " does not know the committee yet; retry shortly"));
    }

    Optional<BlobInfo> info(BlobId blobId) {
        try {
            return storage.blobInfo().get(blobId);
        } catch (CorruptValueException e) {
            log.warn("corrupt blob info blobId={} key={}", blobId, e.key());
            throw NodeApiException.internal("the blob info of " + blobId + " stored on node " + view.nodeId()
                    + " is corrupt; ask another node");
        }
    }

    /** The info of a known blob; a removed one answers with its tombstone's error, an unknown one 404. */
    BlobInfo requireInfo(BlobId blobId) {
        Optional<BlobInfo> info = info(blobId);
        if (info.isPresent()) {
            return info.get();
        }
        Optional<Tombstone> tombstone = tombstone(blobId);
        if (tombstone.isPresent()) {
            throw tombstone.get().error(blobId);
        }
        throw NodeApiException.notFound(ErrorReason.BLOB_NOT_FOUND, "blob " + blobId + " is not known to node "
                + view.nodeId());
    }

    /** The blob's info, or 412 {@code NOT_REGISTERED}. */
    BlobInfo requireRegistered(BlobId blobId) {
        return info(blobId).orElseThrow(() -> NodeApiException.failedPrecondition(
                ErrorReason.NOT_REGISTERED, "blob " + blobId + " is not registered on node " + view.nodeId()
                        + "; register it first"));
    }

    /** What is left of a removed blob, if anything; an unreadable tombstone counts as none. */
    Optional<Tombstone> tombstone(BlobId blobId) {
        try {
            return storage.nodeState().get(tombstoneKey(blobId)).map(Tombstone::decode);
        } catch (CorruptValueException | IllegalArgumentException e) {
            log.warn("unreadable tombstone blobId={} error={}", blobId, e.getMessage());
            return Optional.empty();
        }
    }

    /** The deletion token revealed when the blob was deleted here, if it was. */
    Optional<byte[]> revealedToken(BlobId blobId) {
        try {
            return storage.nodeState().get(deletionTokenKey(blobId));
        } catch (CorruptValueException e) {
            return Optional.empty();
        }
    }

    /**
     * Adds the removal of a blob's slivers (on every shard of the committee, owned or not, so that shards this node
     * lost are cleaned too), metadata, info and side records to {@code batch}, leaving {@code tombstone}.
     */
    static void removeBlob(StorageBatch batch, BlobId blobId, int shards, Tombstone tombstone) {
        for (int shard = 0; shard < shards; shard++) {
            batch.deleteSlivers(shard, blobId);
        }
        batch.deleteMetadata(blobId);
        batch.deleteBlobInfo(blobId);
        batch.deleteState(objectIdKey(blobId));
        batch.deleteState(deletionTokenKey(blobId));
        batch.putState(tombstoneKey(blobId), tombstone.encode());
    }

    /** The info of a blob that may be served: known, not invalid, not deleted, not expired. */
    BlobInfo servableInfo(BlobId blobId, Committee committee) {
        BlobInfo info = requireInfo(blobId);
        requireServable(blobId, info, committee);
        return info;
    }

    static void requireServable(BlobId blobId, BlobInfo info, Committee committee) {
        if (info.status() == BlobStatus.INVALID) {
            throw NodeApiException.blobInvalid("blob " + blobId
                    + " was shown to be inconsistently encoded and is not served");
        }
        if (info.status() == BlobStatus.DELETED) {
            throw NodeApiException.deleted("blob " + blobId + " was deleted by its owner");
        }
        if (info.endEpoch() <= committee.epoch()) {
            throw NodeApiException.expired("blob " + blobId + " expired at epoch " + info.endEpoch()
                    + " (current epoch " + committee.epoch() + ")");
        }
    }

    /** The stored metadata; a corrupt value counts as missing and asks for a repair. */
    Optional<BlobMetadata> metadata(BlobId blobId) {
        try {
            return storage.metadata().get(blobId);
        } catch (CorruptValueException e) {
            log.warn("corrupt metadata blobId={} key={}", blobId, e.key());
            repairListener.blobNeedsRepair(blobId);
            return Optional.empty();
        }
    }

    /** The stored metadata, or a 500 naming the corruption, or {@code missing}. */
    BlobMetadata requireMetadata(BlobId blobId, NodeApiException missing) {
        try {
            return storage.metadata().get(blobId).orElseThrow(() -> missing);
        } catch (CorruptValueException e) {
            log.warn("corrupt metadata blobId={} key={}", blobId, e.key());
            repairListener.blobNeedsRepair(blobId);
            throw NodeApiException.internal("the metadata of blob " + blobId + " stored on node " + view.nodeId()
                    + " is corrupt; the node is repairing it; ask another node");
        }
    }

    /** The stored sliver; a corrupt value is reported by a 500 (never served) and asks for a repair. */
    Optional<Sliver> sliver(int shard, BlobId blobId, SliverType type) {
        try {
            return storage.slivers().get(shard, blobId, type);
        } catch (CorruptValueException e) {
            log.warn("corrupt sliver blobId={} shard={} type={} key={}", blobId, shard, type.pathName(), e.key());
            repairListener.blobNeedsRepair(blobId);
            throw NodeApiException.internal("the " + type.pathName() + " sliver of blob " + blobId + " on shard "
                    + shard + " of node " + view.nodeId() + " is corrupt; the node is repairing it; ask another node");
        }
    }

    /** The stored sliver, or empty when it is missing or corrupt (a corrupt one asks for a repair). */
    Optional<Sliver> sliverOrEmpty(int shard, BlobId blobId, SliverType type) {
        try {
            return sliver(shard, blobId, type);
        } catch (NodeApiException e) {
            return Optional.empty();
        }
    }

    /** How the blob was registered: permanent, or deletable with the object ID kept next to its info. */
    BlobPersistence persistenceOf(BlobId blobId, BlobInfo info) {
        if (!info.deletable()) {
            return BlobPersistence.permanent();
        }
        byte[] objectId = storage.nodeState().get(objectIdKey(blobId)).orElseThrow(() ->
                NodeApiException.internal("deletable blob " + blobId + " has no object ID stored on node "
                        + view.nodeId()));
        return BlobPersistence.deletable(objectId);
    }

    /**
     * Adds the records of a registration to {@code batch}, replacing a tombstone; a deletable blob's object ID is
     * the hash of its owner's deletion token, kept as {@link BlobInfo#ownerTokenHash()}.
     */
    static void putRegistration(StorageBatch batch, BlobId blobId, BlobInfo info, BlobPersistence persistence) {
        if (persistence instanceof BlobPersistence.Deletable deletable) {
            batch.putBlobInfo(blobId, info.withOwnerTokenHash(deletable.objectId()));
            batch.putState(objectIdKey(blobId), deletable.objectId());
        } else {
            batch.putBlobInfo(blobId, info);
            batch.deleteState(objectIdKey(blobId));
        }
        batch.deleteState(tombstoneKey(blobId));
        batch.deleteState(deletionTokenKey(blobId));
    }

    static String objectIdKey(BlobId blobId) {
        return OBJECT_ID_PREFIX + blobId;
    }

    static String tombstoneKey(BlobId blobId) {
        return TOMBSTONE_PREFIX + blobId;
    }

    static String deletionTokenKey(BlobId blobId) {
        return DELETION_TOKEN_PREFIX + blobId;
    }

    static int checkPair(Committee committee, int pair) {
        if (pair < 0 || pair >= committee.shards()) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE,
                    "sliver pair " + pair + " outside [0, " + committee.shards() + ")");
        }
        return pair;
    }

    List<Integer> ownedShards(Committee committee) {
        return view.shardsIn(committee);
    }

    boolean owns(Committee committee, int shard) {
        return committee.memberOfShard(shard).nodeId().equals(view.nodeId());
    }

    static EncodingConfig config(Committee committee) {
        return EncodingConfig.forShards(committee.shards());
    }

    /**
     * One page of the certified, unexpired blobs recorded here that {@code lacking} selects, after {@code after}
     * (exclusive, null for the first page); the cursor is the last blob ID examined. A corrupt blob info is skipped:
     * nothing on this node can repair it, and the scan must go on.
     */
    StorageService.RepairScanPage scanCertified(BlobId after, int limit,
            java.util.function.Predicate<BlobId> lacking) {
        Committee committee = requireCommittee();
        List<io.floe.persistence.BlobInfoEntry> page;
        try {
            page = storage().blobInfo().list(after, limit);
        } catch (CorruptValueException e) {
            BlobId corrupt = e.blobId().orElse(null);
            return new StorageService.RepairScanPage(List.of(), corrupt, corrupt != null);
        }
        List<BlobId> selected = new java.util.ArrayList<>();
        for (io.floe.persistence.BlobInfoEntry entry : page) {
            BlobInfo info = entry.info();
            if (info.status() == BlobStatus.CERTIFIED && info.endEpoch() > committee.epoch()
                    && lacking.test(entry.blobId())) {
                selected.add(entry.blobId());
            }
        }
        BlobId cursor = page.isEmpty() ? after : page.get(page.size() - 1).blobId();
        return new StorageService.RepairScanPage(selected, cursor, page.size() == limit);
    }
}
