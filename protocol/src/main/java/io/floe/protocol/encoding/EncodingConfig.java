package io.floe.protocol.encoding;

import io.floe.protocol.rs.ReedSolomonCode;

/**
 * The Red Stuff parameters for a committee of {@code n} shards: faults tolerated, source symbols of both codes,
 * the symbol size for a blob length and the largest blob that fits.
 */
public final class EncodingConfig {
    public static final int MIN_SHARDS = 4;
    /** Evaluation positions must stay below 65536. */
    public static final int MAX_SHARDS = 49155;
    public static final int MAX_SYMBOL_SIZE = 65534;

    private final int shards;
    private final int faulty;
    private final int primarySourceSymbols;
    private final int secondarySourceSymbols;
    private final ReedSolomonCode primaryCode;
    private final ReedSolomonCode secondaryCode;

    private EncodingConfig(int shards) {
        this.shards = shards;
        this.faulty = (shards - 1) / 3;
        this.primarySourceSymbols = shards - 2 * faulty;
        this.secondarySourceSymbols = shards - faulty;
        this.primaryCode = new ReedSolomonCode(primarySourceSymbols, shards - primarySourceSymbols);
        this.secondaryCode = new ReedSolomonCode(secondarySourceSymbols, shards - secondarySourceSymbols);
    }

    /** The configuration for {@code n} shards; {@code n} must lie in {@code [4, 49155]}. */
    public static EncodingConfig forShards(int n) {
        if (n < MIN_SHARDS) {
            throw new IllegalArgumentException("a committee needs at least 4 shards, got " + n);
        }
        if (n > MAX_SHARDS) {
            throw new IllegalArgumentException("at most " + MAX_SHARDS + " shards are supported, got " + n);
        }
        return new EncodingConfig(n);
    }

    /** {@code n}: the number of shards, sliver pairs, rows and columns of the expanded matrix. */
    public int shards() {
        return shards;
    }

    /** {@code f = (n-1)/3}. */
    public int faulty() {
        return faulty;
    }

    /** {@code p = n - 2f}: rows of the message matrix, and primary slivers needed to read a blob. */
    public int primarySourceSymbols() {
        return primarySourceSymbols;
    }

    /** {@code s = n - f}: columns of the message matrix. */
    public int secondarySourceSymbols() {
        return secondarySourceSymbols;
    }

    /** The column code ({@code p → n}), which also decodes blobs from primary slivers. */
    public ReedSolomonCode primaryCode() {
        return primaryCode;
    }

    /** The row code ({@code s → n}). */
    public ReedSolomonCode secondaryCode() {
        return secondaryCode;
    }

    /** The largest blob, in bytes, that {@code n} shards can hold: {@code p · s · 65534}. */
    public long maxBlobSize() {
        return (long) primarySourceSymbols * secondarySourceSymbols * MAX_SYMBOL_SIZE;
    }

    /** Whether a blob of {@code length} bytes fits. */
    public boolean fits(long length) {
        return length >= 0 && length <= maxBlobSize();
    }

    /**
     * The symbol size in bytes for a blob of {@code length} bytes: {@code ceil(max(length,1) / (p·s))} rounded up
     * to even.
     *
     * @throws BlobTooLargeException when the blob does not fit
     */
    public int symbolSize(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("blob length is negative: " + length);
        }
        if (!fits(length)) {
            throw new BlobTooLargeException(length, maxBlobSize(), shards);
        }
        long sourceSymbols = (long) primarySourceSymbols * secondarySourceSymbols;
        long size = (Math.max(length, 1) + sourceSymbols - 1) / sourceSymbols;
        return (int) (size + (size & 1));
    }

    /** Bytes of one primary sliver: {@code s · S}. */
    public long primarySliverSize(int symbolSize) {
        return (long) secondarySourceSymbols * symbolSize;
    }

    /** Bytes of one secondary sliver: {@code p · S}. */
    public long secondarySliverSize(int symbolSize) {
        return (long) primarySourceSymbols * symbolSize;
    }

    /** Storage charged for a blob: {@code n·(64n + 32) + n·(p + s)·S} (metadata on every node plus all slivers). */
    public long encodedLength(long length) {
        int symbolSize = symbolSize(length);
        long metadataPerNode = 64L * shards + 32;
        return shards * metadataPerNode
                + (long) shards * (primarySourceSymbols + secondarySourceSymbols) * symbolSize;
    }

    /** The shard that holds sliver pair {@code pair} of a blob: {@code (pair + blobId mod n) mod n}. */
    public int shardOfPair(int pair, io.floe.protocol.BlobId blobId) {
        checkPair(pair);
        return (int) (((long) pair + blobId.modulo(shards)) % shards);
    }

    /** The sliver pair of a blob held by shard {@code shard}: the inverse of {@link #shardOfPair}. */
    public int pairOfShard(int shard, io.floe.protocol.BlobId blobId) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " outside [0, " + shards + ")");
        }
        return (int) (((long) shard - blobId.modulo(shards) + shards) % shards);
    }

    /** Checks a sliver pair index. */
    public void checkPair(int pair) {
        if (pair < 0 || pair >= shards) {
            throw new IllegalArgumentException("sliver pair " + pair + " outside [0, " + shards + ")");
        }
    }

    @Override
    public String toString() {
        return "EncodingConfig[n=" + shards + ", f=" + faulty + ", p=" + primarySourceSymbols + ", s="
                + secondarySourceSymbols + "]";
    }
}
