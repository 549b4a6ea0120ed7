package io.floe.protocol.encoding;

import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a blob back from any {@code p} of its primary slivers (or any {@code s} secondary slivers), verifying what
 * it uses and checking that the result is consistent with the metadata.
 */
public final class BlobDecoder {
    private BlobDecoder() {
    }

    /**
     * Decodes from primary slivers. Systematic slivers ({@code 0..p-1}) are preferred; slivers not yet verified
     * are verified first; every row rebuilt by decoding is checked against the metadata.
     *
     * @throws SliverVerificationException when a given sliver does not verify (only if {@code alreadyVerified} is false)
     * @throws NotEnoughSliversException when fewer than {@code p} distinct slivers are given
     * @throws InconsistentBlobException when the decoded blob does not match the metadata
     */
    public static byte[] decodeFromPrimary(BlobMetadata metadata, Collection<Sliver> slivers, boolean alreadyVerified) {
        EncodingConfig config = EncodingConfig.forShards(metadata.shards());
        int p = config.primarySourceSymbols();
        List<Sliver> chosen = choose(config, metadata, slivers, SliverType.PRIMARY, p);
        verifyAll(metadata, chosen, alreadyVerified);
        if (chosen.get(p - 1).index() == p - 1) {
            // Indices 0..p-1 (chosen is sorted and distinct): the systematic slivers are the blob's rows as they are.
            return concatenate(chosen, checkedLength(metadata));
        }
        int symbolSize = config.symbolSize(metadata.unencodedLength());
        int e = symbolSize / 2;
        int s = config.secondarySourceSymbols();
        char[][] symbols = toElements(chosen, config.shards(), s, symbolSize);
        char[][] rows = ErasureDecoding.originals(config.primaryCode(), symbols, s * e);
        checkDecoded(metadata, rows, symbols, SliverType.PRIMARY, symbolSize, s);
        return SystematicRows.toBlob(rows, config, symbolSize, checkedLength(metadata));
    }

    /** Decodes from secondary slivers ({@code s} of them), with the same checks as {@link #decodeFromPrimary}. */
    public static byte[] decodeFromSecondary(BlobMetadata metadata, Collection<Sliver> slivers, boolean alreadyVerified) {
        EncodingConfig config = EncodingConfig.forShards(metadata.shards());
        int s = config.secondarySourceSymbols();
        int p = config.primarySourceSymbols();
        List<Sliver> chosen = choose(config, metadata, slivers, SliverType.SECONDARY, s);
        verifyAll(metadata, chosen, alreadyVerified);
        int symbolSize = config.symbolSize(metadata.unencodedLength());
        int e = symbolSize / 2;
        char[][] symbols = toElements(chosen, config.shards(), p, symbolSize);
        char[][] columns = ErasureDecoding.originals(config.secondaryCode(), symbols, p * e);
        checkDecoded(metadata, columns, symbols, SliverType.SECONDARY, symbolSize, p);
        char[][] rows = new char[p][s * e];
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < p; i++) {
                System.arraycopy(columns[j], i * e, rows[i], j * e, e);
            }
        }
        return SystematicRows.toBlob(rows, config, symbolSize, checkedLength(metadata));
    }

    /** The first {@code length} bytes of the systematic primary slivers' data, in index order. */
    private static byte[] concatenate(List<Sliver> systematic, int length) {
        byte[] blob = new byte[length];
        int offset = 0;
        for (Sliver sliver : systematic) {
            if (offset == length) {
                break;
            }
            int take = Math.min(sliver.data().length, length - offset);
            System.arraycopy(sliver.data(), 0, blob, offset, take);
            offset += take;
        }
        return blob;
    }

    private static int checkedLength(BlobMetadata metadata) {
        if (metadata.unencodedLength() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("blob of " + metadata.unencodedLength()
                    + " bytes is too large to decode into one array");
        }
        return (int) metadata.unencodedLength();
    }

    /** Distinct slivers of the right type and shape, systematic ones first, exactly {@code needed} of them. */
    private static List<Sliver> choose(EncodingConfig config, BlobMetadata metadata, Collection<Sliver> slivers,
            SliverType type, int needed) {
        TreeMap<Integer, Sliver> byIndex = new TreeMap<>();
        for (Sliver sliver : slivers) {
            if (sliver.type() != type) {
                throw new SliverVerificationException("expected " + type.pathName() + " slivers, got " + sliver);
            }
            SliverVerifier.checkShape(config, metadata, sliver);
            byIndex.putIfAbsent(sliver.index(), sliver);
        }
        if (byIndex.size() < needed) {
            throw new NotEnoughSliversException("need " + needed + " distinct " + type.pathName()
                    + " slivers to decode, got " + byIndex.size());
        }
        return new ArrayList<>(byIndex.values()).subList(0, needed);
    }

    private static void verifyAll(BlobMetadata metadata, List<Sliver> slivers, boolean alreadyVerified) {
        if (alreadyVerified) {
            return;
        }
        RuntimeException[] failure = new RuntimeException[1];
        Parallel.forEach(slivers.size(), i -> {
            try {
                SliverVerifier.verify(metadata, slivers.get(i));
            } catch (RuntimeException e) {
                synchronized (failure) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static char[][] toElements(List<Sliver> slivers, int shards, int symbolsPerSliver, int symbolSize) {
        int e = symbolSize / 2;
        char[][] out = new char[shards][];
        Parallel.forEach(slivers.size(), t -> {
            Sliver sliver = slivers.get(t);
            char[] elements = new char[symbolsPerSliver * e];
            for (int q = 0; q < symbolsPerSliver; q++) {
                SymbolLayout.toElements(sliver.data(), q * symbolSize, symbolSize, elements, q * e);
            }
            out[sliver.index()] = elements;
        });
        return out;
    }

    /** Every systematic sliver that was rebuilt (not given) must match the metadata. */
    private static void checkDecoded(BlobMetadata metadata, char[][] decoded, char[][] given, SliverType type,
            int symbolSize, int symbolsPerSliver) {
        int e = symbolSize / 2;
        RuntimeException[] failure = new RuntimeException[1];
        Parallel.forEach(decoded.length, index -> {
            if (given[index] != null) {
                return;
            }
            byte[] data = new byte[symbolsPerSliver * symbolSize];
            for (int q = 0; q < symbolsPerSliver; q++) {
                SymbolLayout.toBytes(decoded[index], q * e, symbolSize, data, q * symbolSize);
            }
            try {
                SliverVerifier.verify(metadata, new Sliver(type, index, symbolSize, data));
            } catch (SliverVerificationException e1) {
                synchronized (failure) {
                    failure[0] = new InconsistentBlobException("decoded " + type.pathName() + " sliver " + index
                            + " does not match the metadata: the blob is inconsistently encoded");
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
