package io.floe.storage;

import io.floe.persistence.BlobInfo;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slivers of the shards this node owns, as the node API stores and serves them: each upload is checked against
 * the current committee (shard owned, pair in range), the blob's registration and stored metadata, and verified
 * against that metadata before it is written; reads refuse corrupt copies and say when a shard is still being taken
 * over. Part of {@link StorageService}.
 */
final class ShardSlivers {
    private final BlobRecords records;
    private final ShardStates shardStates;

    ShardSlivers(BlobRecords records, ShardStates shardStates) {
        this.records = records;
        this.shardStates = shardStates;
    }

    /**
     * Checks everything about a sliver upload that does not need its body, and returns the largest body allowed:
     * the sliver's size for the blob plus 16 bytes.
     */
    long sliverBodyLimit(BlobId blobId, int pair, SliverType type) {
        SliverTarget target = sliverTarget(blobId, pair);
        EncodingConfig config = BlobRecords.config(target.committee());
        int symbolSize = config.symbolSize(target.metadata().unencodedLength());
        long size = type == SliverType.PRIMARY
                ? config.primarySliverSize(symbolSize) : config.secondarySliverSize(symbolSize);
        return size + 16;
    }

    /** Parses a BCS sliver and stores it (see {@link #storeSliver(BlobId, int, Sliver)}). */
    StoreOutcome storeSliver(BlobId blobId, int pair, SliverType type, byte[] bcs) {
        SliverTarget target = sliverTarget(blobId, pair);
        Sliver sliver;
        try {
            sliver = Sliver.fromBcs(type, bcs);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS,
                    "body is not BCS SliverData: " + e.getMessage());
        }
        return store(target, blobId, pair, sliver);
    }

    /**
     * Stores a sliver of pair {@code pair} of a shard this node owns, once it verifies against the stored metadata;
     * storing it again is harmless, and a corrupt stored copy is overwritten.
     */
    StoreOutcome storeSliver(BlobId blobId, int pair, Sliver sliver) {
        return store(sliverTarget(blobId, pair), blobId, pair, sliver);
    }

    private StoreOutcome store(SliverTarget target, BlobId blobId, int pair, Sliver sliver) {
        checkSliver(target, blobId, pair, sliver);
        if (records.storage().slivers().has(target.shard(), blobId, sliver.type())
                && records.sliverOrEmpty(target.shard(), blobId, sliver.type()).filter(sliver::equals).isPresent()) {
            return StoreOutcome.UNCHANGED;
        }
        records.storage().slivers().put(target.shard(), blobId, sliver);
        return StoreOutcome.CREATED;
    }

    /** Refuses a sliver that is not the pair's sliver of its type or does not verify against the metadata. */
    private static void checkSliver(SliverTarget target, BlobId blobId, int pair, Sliver sliver) {
        checkSliverIndex(target, pair, sliver);
        try {
            SliverVerifier.verify(target.metadata(), sliver);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_SLIVER, "the " + sliver.type().pathName()
                    + " sliver of pair " + pair + " does not verify against the metadata of blob " + blobId + ": "
                    + e.getMessage());
        }
    }

    private static void checkSliverIndex(SliverTarget target, int pair, Sliver sliver) {
        int expected = sliver.type().sliverIndexOfPair(pair, target.committee().shards());
        if (sliver.index() != expected) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_SLIVER, "sliver pair " + pair + " holds "
                    + sliver.type().pathName() + " sliver " + expected + ", not " + sliver.index());
        }
    }

    /** Refuses a sliver that is not the pair's sliver of its type or has the wrong symbol size or length. */
    private static void checkSliverShape(SliverTarget target, BlobId blobId, int pair, Sliver sliver) {
        checkSliverIndex(target, pair, sliver);
        try {
            SliverVerifier.checkShape(BlobRecords.config(target.committee()), target.metadata(), sliver);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_SLIVER, "the " + sliver.type().pathName()
                    + " sliver of pair " + pair + " does not fit blob " + blobId + ": " + e.getMessage());
        }
    }

    /** The largest body of a sliver batch for {@code blobId}: both slivers of every pair this node owns. */
    long sliverBatchBodyLimit(BlobId blobId) {
        Committee committee = records.requireCommittee();
        BlobMetadata metadata = records.requireMetadata(blobId, NodeApiException.failedPrecondition(
                ErrorReason.METADATA_NOT_FOUND, "node " + records.view().nodeId() + " has no metadata of blob " + blobId
                        + "; store the metadata before its slivers"));
        EncodingConfig config = BlobRecords.config(committee);
        int symbolSize = config.symbolSize(metadata.unencodedLength());
        long perPair = config.primarySliverSize(symbolSize) + config.secondarySliverSize(symbolSize)
                + 2L * (16 + SliverBatch.OVERHEAD_PER_ENTRY);
        return 16 + perPair * records.ownedShards(committee).size();
    }

    /**
     * Stores a batch of slivers ({@link SliverBatch}) all or nothing: every one must belong to a shard this node
     * owns and verify against the stored metadata before any is written, then all are written in one atomic batch.
     */
    StoreOutcome storeSlivers(BlobId blobId, byte[] bcs) {
        return outcome(storeSliverBatch(blobId, bcs));
    }

    /** Stores a batch like {@link #storeSlivers(BlobId, byte[])} and says which slivers it wrote. */
    HeldSlivers storeSliverBatch(BlobId blobId, byte[] bcs) {
        return storeSlivers(blobId, SliverBatch.decode(bcs), true);
    }

    /** What storing a batch that wrote {@code written} did: new slivers, or nothing at all. */
    static StoreOutcome outcome(HeldSlivers written) {
        return written.isEmpty() ? StoreOutcome.UNCHANGED : StoreOutcome.CREATED;
    }

    /**
     * Stores slivers that this node's own publisher has just encoded, like {@link #storeSlivers(BlobId, byte[])} but
     * without expanding and Merkle-hashing each one against the metadata: every other check stays (the shard is this
     * node's in the current committee, the blob is registered and servable, its metadata is stored, each sliver is
     * its pair's sliver of its type with the blob's symbol size and length), and all are written in one atomic batch.
     *
     * <p>Skipping the hash is sound only for slivers produced in this JVM by {@code ExpandedBlob} from the blob whose
     * metadata was stored: a blob ID is the hash of its metadata, so the metadata stored under it is the encoder's
     * own, whose roots were computed from these very slivers. Never call it with slivers received from anywhere else
     * (a peer, a client, recovery or shard sync); those go through {@link #storeSlivers(BlobId, byte[])} or
     * {@link #storeSliver(BlobId, int, Sliver)}, which verify.
     */
    StoreOutcome storeSliversEncodedHere(BlobId blobId, List<SliverBatch.Entry> entries) {
        return outcome(storeSlivers(blobId, entries, false));
    }

    private HeldSlivers storeSlivers(BlobId blobId, List<SliverBatch.Entry> entries, boolean verify) {
        if (entries.isEmpty()) {
            return HeldSlivers.NONE;
        }
        Committee committee = records.requireCommittee();
        int[] shards = new int[entries.size()];
        for (int i = 0; i < shards.length; i++) {
            int pair = entries.get(i).pair();
            BlobRecords.checkPair(committee, pair);
            shards[i] = requireOwnedShard(committee, blobId, pair);
        }
        // The registration and metadata are read once for the whole batch.
        BlobMetadata metadata = servableMetadata(committee, blobId);
        List<SliverTarget> targets = new ArrayList<>(entries.size());
        for (int i = 0; i < shards.length; i++) {
            SliverBatch.Entry entry = entries.get(i);
            SliverTarget target = new SliverTarget(committee, shards[i], metadata);
            if (verify) {
                checkSliver(target, blobId, entry.pair(), entry.sliver());
            } else {
                checkSliverShape(target, blobId, entry.pair(), entry.sliver());
            }
            targets.add(target);
        }
        records.storage().atomically(batch -> {
            for (int i = 0; i < entries.size(); i++) {
                batch.putSliver(targets.get(i).shard(), blobId, entries.get(i).sliver());
            }
        });
        SliverType[] types = new SliverType[entries.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = entries.get(i).sliver().type();
        }
        return HeldSlivers.of(shards, types);
    }

    private record SliverTarget(Committee committee, int shard, BlobMetadata metadata) {
    }

    private SliverTarget sliverTarget(BlobId blobId, int pair) {
        Committee committee = records.requireCommittee();
        BlobRecords.checkPair(committee, pair);
        int shard = requireOwnedShard(committee, blobId, pair);
        return new SliverTarget(committee, shard, servableMetadata(committee, blobId));
    }

    /** The metadata of a blob that is registered here and servable under {@code committee}. */
    private BlobMetadata servableMetadata(Committee committee, BlobId blobId) {
        BlobInfo info = records.requireRegistered(blobId);
        BlobRecords.requireServable(blobId, info, committee);
        return records.requireMetadata(blobId, NodeApiException.failedPrecondition(
                ErrorReason.METADATA_NOT_FOUND, "node " + records.view().nodeId() + " has no metadata of blob " + blobId
                        + "; store the metadata before its slivers"));
    }

    /** A stored sliver of a shard this node owns; a corrupt one is a 500 and is never served. */
    Sliver readSliver(BlobId blobId, int pair, SliverType type) {
        Committee committee = records.requireCommittee();
        BlobRecords.checkPair(committee, pair);
        records.servableInfo(blobId, committee);
        int shard = requireOwnedShard(committee, blobId, pair);
        Optional<Sliver> sliver = records.sliver(shard, blobId, type);
        if (sliver.isEmpty() && shardStates.transferring(shard)) {
            ShardState state = shardStates.get(shard).orElseThrow();
            throw NodeApiException.unavailable(ErrorReason.SHARD_SYNCING, "shard " + shard + " of node "
                    + records.view().nodeId() + " is still being taken over (" + state.status() + " since epoch "
                    + state.epoch() + ") and does not hold this sliver yet; read other shards or retry later");
        }
        return sliver.orElseThrow(() -> NodeApiException.notFound(
                ErrorReason.SLIVER_NOT_FOUND, "node " + records.view().nodeId() + " does not store the " + type.pathName()
                        + " sliver of pair " + pair + " of blob " + blobId));
    }

    private int requireOwnedShard(Committee committee, BlobId blobId, int pair) {
        int shard = BlobRecords.config(committee).shardOfPair(pair, blobId);
        if (!records.owns(committee, shard)) {
            throw NodeApiException.failedPrecondition(ErrorReason.SHARD_NOT_ASSIGNED, "sliver pair " + pair
                    + " of blob " + blobId + " lives on shard " + shard + ", which node " + records.view().nodeId()
                    + " does not own in epoch " + committee.epoch() + "; its owner is "
                    + committee.memberOfShard(shard).nodeId());
        }
        return shard;
    }
}
