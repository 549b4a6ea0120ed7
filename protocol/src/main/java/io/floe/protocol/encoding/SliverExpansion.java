package io.floe.protocol.encoding;

import io.floe.protocol.merkle.MerkleTree;
import io.floe.protocol.rs.ReedSolomonCode;

/**
 * One sliver expanded to its full {@code n}-symbol codeword (a primary sliver to its expanded row, a secondary
 * sliver to its expanded column), with the Merkle tree whose root the metadata records for it.
 */
public final class SliverExpansion {
    private final Sliver sliver;
    private final int symbolSize;
    private final int shards;
    private final byte[] symbols;
    private MerkleTree tree;

    private SliverExpansion(Sliver sliver, int shards, byte[] symbols) {
        this.sliver = sliver;
        this.symbolSize = sliver.symbolSize();
        this.shards = shards;
        this.symbols = symbols;
    }

    /**
     * Expands a sliver whose size has been checked against {@code config}: a primary sliver with the row code, a
     * secondary sliver with the column code.
     */
    public static SliverExpansion of(EncodingConfig config, Sliver sliver) {
        ReedSolomonCode code = sliver.type() == SliverType.PRIMARY ? config.secondaryCode() : config.primaryCode();
        int sources = code.originals();
        if (sliver.symbolCount() != sources) {
            throw new IllegalArgumentException(sliver + " has " + sliver.symbolCount() + " symbols; a "
                    + sliver.type().pathName() + " sliver for " + config.shards() + " shards has " + sources);
        }
        int symbolSize = sliver.symbolSize();
        int e = symbolSize / 2;
        char[] work = new char[code.encodeWorkSymbols() * e];
        byte[] data = sliver.data();
        for (int q = 0; q < sources; q++) {
            SymbolLayout.toElements(data, q * symbolSize, symbolSize, work, q * e);
        }
        code.encode(work, e);
        int n = config.shards();
        byte[] symbols = new byte[n * symbolSize];
        System.arraycopy(data, 0, symbols, 0, sources * symbolSize);
        for (int j = 0; j < code.recovery(); j++) {
            SymbolLayout.toBytes(work, j * e, symbolSize, symbols, (sources + j) * symbolSize);
        }
        return new SliverExpansion(sliver, n, symbols);
    }

    public Sliver sliver() {
        return sliver;
    }

    /** Symbol {@code position} of the expanded codeword (the symbol at the crossing with the other axis' sliver). */
    public byte[] symbol(int position) {
        if (position < 0 || position >= shards) {
            throw new IndexOutOfBoundsException("symbol " + position + " outside [0, " + shards + ")");
        }
        byte[] out = new byte[symbolSize];
        System.arraycopy(symbols, position * symbolSize, out, 0, symbolSize);
        return out;
    }

    /** The Merkle tree over the expanded codeword's {@code n} symbols. */
    public MerkleTree tree() {
        if (tree == null) {
            byte[] leaves = new byte[shards * 32];
            MerkleTree.leafHashes(shards, symbolSize,
                    (q, out, outOff) -> System.arraycopy(symbols, q * symbolSize, out, outOff, symbolSize), leaves, 0);
            tree = MerkleTree.fromLeafHashes(leaves, 0, 32, shards);
        }
        return tree;
    }

    /** The Merkle root the metadata must hold for this sliver. */
    public byte[] root() {
        return tree().root();
    }
}
