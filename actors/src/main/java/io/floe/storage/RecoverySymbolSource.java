package io.floe.storage;

import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverExpansion;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.protocol.recovery.RecoverySymbols;
import io.floe.protocol.recovery.SliverRecovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes what this node gives others to rebuild a sliver: from every sliver of the other type it holds for the
 * blob, verified and expanded, the symbol at the target's position with its Merkle proof.
 */
final class RecoverySymbolSource {
    private static final Logger log = LoggerFactory.getLogger(RecoverySymbolSource.class);

    private final BlobRecords records;

    RecoverySymbolSource(BlobRecords records) {
        this.records = records;
    }

    List<RecoverySymbol> recoverySymbols(BlobId blobId, int targetIndex, SliverType targetType) {
        Committee committee = records.requireCommittee();
        records.servableInfo(blobId, committee);
        if (targetIndex < 0 || targetIndex >= committee.shards()) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE, "target sliver " + targetIndex
                    + " outside [0, " + committee.shards() + ")");
        }
        BlobMetadata metadata = records.requireMetadata(blobId, NodeApiException.notFound(
                ErrorReason.METADATA_NOT_FOUND, "node " + records.view().nodeId() + " stores no metadata of blob "
                        + blobId));
        EncodingConfig config = BlobRecords.config(committee);
        SliverType sourceType = other(targetType);
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int shard : records.ownedShards(committee)) {
            Optional<Sliver> source = records.sliverOrEmpty(shard, blobId, sourceType);
            if (source.isEmpty()) {
                continue;
            }
            try {
                SliverExpansion expansion = SliverVerifier.verify(metadata, source.get());
                symbols.add(RecoverySymbols.forTarget(expansion, targetIndex));
            } catch (IllegalArgumentException e) {
                log.warn("stored sliver fails verification blobId={} shard={} type={}", blobId, shard,
                        sourceType.pathName());
                records.repairListener().blobNeedsRepair(blobId);
            }
        }
        if (symbols.isEmpty()) {
            throw NodeApiException.notFound(ErrorReason.SLIVER_NOT_FOUND, "node " + records.view().nodeId()
                    + " holds no " + sourceType.pathName() + " sliver of blob " + blobId + " on its shards "
                    + records.ownedShards(committee) + " of " + config.shards());
        }
        return symbols;
    }

    /** A bound on an inconsistency proof for the blob: the symbols needed, each with data and a Merkle path. */
    long maxProofBytes(BlobId blobId) {
        Committee committee = records.requireCommittee();
        EncodingConfig config = BlobRecords.config(committee);
        long length = records.metadata(blobId).map(BlobMetadata::unencodedLength).orElse(0L);
        int symbolSize = config.symbolSize(length);
        int depth = 32 - Integer.numberOfLeadingZeros(config.shards()) + 1;
        long perSymbol = symbolSize + 16L + 33L * depth;
        int needed = Math.max(SliverRecovery.symbolsNeeded(config, SliverType.PRIMARY),
                SliverRecovery.symbolsNeeded(config, SliverType.SECONDARY));
        return 64L + needed * perSymbol;
    }

    static SliverType other(SliverType type) {
        return type == SliverType.PRIMARY ? SliverType.SECONDARY : SliverType.PRIMARY;
    }
}
