package io.floe.protocol.recovery;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerificationException;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence that a blob was encoded wrongly: recovery symbols, each proven against the metadata, that decode to a
 * target sliver whose Merkle root is not the one in the metadata.
 *
 * <p>BCS (Walrus' form; the target type travels in the URL): {@code u16 targetIndex ‖ uleb count ‖ count ×
 * RecoverySymbol}.
 */
public record InconsistencyProof(SliverType targetType, int targetIndex, List<RecoverySymbol> symbols) {
    public InconsistencyProof {
        symbols = List.copyOf(symbols);
    }

    /**
     * Checks the proof: exactly the needed number of distinct symbols, each proven at the target's position, which
     * decode to a sliver that does not match the metadata.
     *
     * @return null when the proof holds, else why it does not
     */
    public String rejectionReason(BlobMetadata metadata) {
        EncodingConfig config = EncodingConfig.forShards(metadata.shards());
        if (targetIndex < 0 || targetIndex >= config.shards()) {
            return "target sliver " + targetIndex + " outside [0, " + config.shards() + ")";
        }
        int needed = SliverRecovery.symbolsNeeded(config, targetType);
        if (symbols.size() != needed) {
            return "an inconsistency proof for a " + targetType.pathName() + " sliver needs exactly " + needed
                    + " symbols, got " + symbols.size();
        }
        SliverType sourceType = SliverRecovery.other(targetType);
        Set<Integer> seen = new HashSet<>();
        for (RecoverySymbol symbol : symbols) {
            if (symbol.sourceType() != sourceType || !seen.add(symbol.sourceIndex())) {
                return "symbol from " + symbol.sourceType().pathName() + " sliver " + symbol.sourceIndex()
                        + " is of the wrong axis or repeated";
            }
            if (!symbol.verifies(metadata, targetIndex)) {
                return "symbol from sliver " + symbol.sourceIndex() + " fails its Merkle proof";
            }
        }
        Sliver decoded = SliverRecovery.decode(config, metadata, targetType, targetIndex, symbols);
        try {
            SliverVerifier.verify(metadata, decoded);
            return "the symbols decode to a sliver that matches the metadata; the blob is consistent";
        } catch (SliverVerificationException e) {
            return null;
        }
    }

    /** Whether the proof shows the blob inconsistent. */
    public boolean verifies(BlobMetadata metadata) {
        return rejectionReason(metadata) == null;
    }

    public byte[] toBcs() {
        BcsWriter writer = new BcsWriter();
        writer.u16(targetIndex).uleb128(symbols.size());
        for (RecoverySymbol symbol : symbols) {
            symbol.writeTo(writer);
        }
        return writer.toByteArray();
    }

    public static InconsistencyProof fromBcs(byte[] bcs, SliverType targetType) {
        BcsReader reader = new BcsReader(bcs);
        int target = reader.u16("target sliver index");
        int count = reader.uleb128("recovery symbol count");
        if (count > EncodingConfig.MAX_SHARDS) {
            throw new BcsException("inconsistency proof with " + count + " symbols is larger than any committee");
        }
        SliverType sourceType = SliverRecovery.other(targetType);
        List<RecoverySymbol> symbols = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            symbols.add(RecoverySymbol.readFrom(reader, sourceType));
        }
        reader.finish("inconsistency proof");
        return new InconsistencyProof(targetType, target, symbols);
    }
}
