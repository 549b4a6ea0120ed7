package io.floe.storage;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.CorruptValueException;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.SliverType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What this node holds of each blob: status reports, the slivers it lacks, and scans for blobs to repair. */
final class BlobInventory {
    private static final BlobStatusReport.ShardSlivers NONE_HELD = new BlobStatusReport.ShardSlivers(false, false);
    private final BlobRecords records;
    private final ShardStates shardStates;

    BlobInventory(BlobRecords records, ShardStates shardStates) {
        this.records = records;
        this.shardStates = shardStates;
    }

    /**
     * The lifecycle state of a blob and which of its slivers this node holds; unknown blobs are "nonexistent". A
     * blob without info holds no slivers here (they are stored only for a registered blob and removed in the batch
     * that removes its info), so only a known blob's slivers are looked up: a publisher asks every member about each
     * new blob first.
     */
    BlobStatusReport status(BlobId blobId) {
        Committee committee = records.requireCommittee();
        Optional<BlobInfo> found = records.info(blobId);
        Map<Integer, BlobStatusReport.ShardSlivers> shards = new LinkedHashMap<>();
        for (int shard : records.ownedShards(committee)) {
            shards.put(shard, found.isEmpty() ? NONE_HELD : new BlobStatusReport.ShardSlivers(
                    records.storage().slivers().has(shard, blobId, SliverType.PRIMARY),
                    records.storage().slivers().has(shard, blobId, SliverType.SECONDARY)));
        }
        if (found.isEmpty()) {
            Optional<Tombstone> tombstone = records.tombstone(blobId);
            BlobLifecycleStatus lifecycle = lifecycle(tombstone);
            return new BlobStatusReport(blobId, lifecycle.status(), lifecycle.endEpoch(),
                    tombstone.filter(t -> t.reason() == Tombstone.Reason.DELETED).isPresent(), OptionalLong.empty(),
                    Optional.empty(), shards);
        }
        BlobInfo info = found.get();
        Optional<String> objectId = Optional.empty();
        if (records.persistenceOf(blobId, info) instanceof BlobPersistence.Deletable deletable) {
            objectId = Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(deletable.objectId()));
        }
        return new BlobStatusReport(blobId, BlobLifecycle.statusWord(info, committee), OptionalLong.of(info.endEpoch()),
                info.deletable(), info.certifiedEpoch(), objectId, shards);
    }

    /** The lifecycle state of a blob as {@link #status} gives it, without looking up a single sliver. */
    BlobLifecycleStatus lifecycle(BlobId blobId) {
        Committee committee = records.requireCommittee();
        Optional<BlobInfo> found = records.info(blobId);
        if (found.isEmpty()) {
            return lifecycle(records.tombstone(blobId));
        }
        return new BlobLifecycleStatus(BlobLifecycle.statusWord(found.get(), committee),
                OptionalLong.of(found.get().endEpoch()));
    }

    /** The state of a blob without info: what its tombstone says, if it has one. */
    private static BlobLifecycleStatus lifecycle(Optional<Tombstone> tombstone) {
        return new BlobLifecycleStatus(tombstone.map(t -> t.reason().status()).orElse("nonexistent"),
                tombstone.map(t -> OptionalLong.of(t.endEpoch())).orElse(OptionalLong.empty()));
    }

    /**
     * The slivers of this node's shards that it lacks for {@code blobId}; with {@code readStored}, stored slivers are
     * read too and corrupt ones count as missing.
     */
    List<MissingSliver> missingSlivers(BlobId blobId, boolean readStored) {
        return missingSlivers(blobId, readStored, HeldSlivers.NONE);
    }

    /**
     * The slivers of this node's shards that it lacks for {@code blobId}, taking those in {@code known} as held
     * without looking them up (slivers this very call's caller has just written).
     */
    List<MissingSliver> missingSlivers(BlobId blobId, boolean readStored, HeldSlivers known) {
        Committee committee = records.requireCommittee();
        EncodingConfig config = BlobRecords.config(committee);
        List<MissingSliver> missing = new ArrayList<>();
        for (int shard : records.ownedShards(committee)) {
            int pair = config.pairOfShard(shard, blobId);
            for (SliverType type : SliverType.values()) {
                if (!readStored && known.holds(shard, type)) {
                    continue;
                }
                boolean held = records.storage().slivers().has(shard, blobId, type);
                if (held && readStored) {
                    try {
                        held = records.storage().slivers().get(shard, blobId, type).isPresent();
                    } catch (CorruptValueException e) {
                        held = false;
                    }
                }
                if (!held) {
                    missing.add(new MissingSliver(shard, pair, type, type.sliverIndexOfPair(pair, config.shards())));
                }
            }
        }
        return missing;
    }

    /**
     * One page of certified, unexpired blobs for which this node lacks slivers (checked without reading them),
     * after {@code after} (exclusive, null for the first page); the cursor is the last blob ID examined.
     */
    StorageService.RepairScanPage certifiedBlobsLackingSlivers(BlobId after, int limit) {
        // Shards still being synced or recovered are filled by their transfer, not by the repair scan.
        return records.scanCertified(after, limit, blobId -> missingSlivers(blobId, false).stream()
                .anyMatch(missing -> !shardStates.transferring(missing.shard())));
    }
}
