package io.floe.protocol.recovery;

import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ErasureDecoding;
import io.floe.protocol.encoding.NotEnoughSliversException;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerificationException;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.encoding.SymbolLayout;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.rs.ReedSolomonCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Rebuilds one lost sliver from recovery symbols of slivers of the other type: {@code s} symbols for a primary
 * sliver, {@code p} for a secondary one. Every symbol's proof is checked first; a rebuilt sliver that does not match
 * the metadata yields an {@link InconsistencyProof} instead.
 */
public final class SliverRecovery {
    private SliverRecovery() {
    }

    /** The outcome of a recovery. */
    public sealed interface Result permits Recovered, Inconsistent {
    }

    /** The sliver was rebuilt and matches the metadata. */
    public record Recovered(Sliver sliver) implements Result {
    }

    /** The symbols verify but decode to a sliver the metadata does not describe. */
    public record Inconsistent(InconsistencyProof proof) implements Result {
    }

    /** Symbols needed to rebuild a sliver of {@code targetType}. */
    public static int symbolsNeeded(EncodingConfig config, SliverType targetType) {
        return codeFor(config, targetType).originals();
    }

    static ReedSolomonCode codeFor(EncodingConfig config, SliverType targetType) {
        return targetType == SliverType.PRIMARY ? config.secondaryCode() : config.primaryCode();
    }

    /**
     * Rebuilds sliver {@code targetIndex} of {@code targetType}. Symbols whose proofs fail, of the wrong axis or
     * duplicated, are ignored.
     *
     * @throws NotEnoughSliversException when fewer verified symbols than needed remain
     */
    public static Result recover(BlobMetadata metadata, SliverType targetType, int targetIndex,
            Collection<RecoverySymbol> symbols) {
        EncodingConfig config = EncodingConfig.forShards(metadata.shards());
        if (targetIndex < 0 || targetIndex >= config.shards()) {
            throw new IllegalArgumentException("target sliver " + targetIndex + " outside [0, " + config.shards() + ")");
        }
        int needed = symbolsNeeded(config, targetType);
        SliverType sourceType = other(targetType);
        TreeMap<Integer, RecoverySymbol> valid = new TreeMap<>();
        int rejected = 0;
        for (RecoverySymbol symbol : symbols) {
            if (symbol.sourceType() == sourceType && !valid.containsKey(symbol.sourceIndex())
                    && symbol.verifies(metadata, targetIndex)) {
                valid.put(symbol.sourceIndex(), symbol);
            } else {
                rejected++;
            }
        }
        if (valid.size() < needed) {
            throw new NotEnoughSliversException("need " + needed + " verified recovery symbols to rebuild "
                    + targetType.pathName() + " sliver " + targetIndex + ", got " + valid.size()
                    + (rejected > 0 ? " (" + rejected + " rejected)" : ""));
        }
        List<RecoverySymbol> chosen = new ArrayList<>(valid.values()).subList(0, needed);
        Sliver sliver = decode(config, metadata, targetType, targetIndex, chosen);
        try {
            SliverVerifier.verify(metadata, sliver);
            return new Recovered(sliver);
        } catch (SliverVerificationException e) {
            return new Inconsistent(new InconsistencyProof(targetType, targetIndex, chosen));
        }
    }

    /** Decodes the target sliver from exactly the given (verified, distinct) symbols. */
    static Sliver decode(EncodingConfig config, BlobMetadata metadata, SliverType targetType, int targetIndex,
            List<RecoverySymbol> symbols) {
        ReedSolomonCode code = codeFor(config, targetType);
        int symbolSize = config.symbolSize(metadata.unencodedLength());
        int e = symbolSize / 2;
        char[][] positions = new char[code.length()][];
        for (RecoverySymbol symbol : symbols) {
            char[] elements = new char[e];
            SymbolLayout.toElements(symbol.data(), 0, symbolSize, elements, 0);
            positions[symbol.sourceIndex()] = elements;
        }
        char[][] originals = ErasureDecoding.originals(code, positions, e);
        byte[] data = new byte[originals.length * symbolSize];
        for (int q = 0; q < originals.length; q++) {
            SymbolLayout.toBytes(originals[q], 0, symbolSize, data, q * symbolSize);
        }
        return new Sliver(targetType, targetIndex, symbolSize, data);
    }

    static SliverType other(SliverType type) {
        return type == SliverType.PRIMARY ? SliverType.SECONDARY : SliverType.PRIMARY;
    }
}
