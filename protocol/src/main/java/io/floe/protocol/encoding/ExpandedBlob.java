package io.floe.protocol.encoding;

import io.floe.protocol.BlobId;
import io.floe.protocol.merkle.Blake2b256;
import io.floe.protocol.merkle.MerkleTree;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.SliverPairHashes;
import io.floe.protocol.rs.ReedSolomonCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A blob's expanded {@code n × n} matrix of symbols, held as GF(2^16) elements row by row, with everything derived
 * from it: slivers, leaf hashes, pair hashes, metadata and blob ID. A blob given as an array is expanded on the heap;
 * a blob given as a file is expanded into a memory-mapped scratch file, so that the heap holds neither the blob nor
 * its expansion (see {@link #encode(EncodingConfig, Path, Path)}).
 */
public final class ExpandedBlob {
    private static final int H = 32;

    private final EncodingConfig config;
    private final long length;
    private final int symbolSize;
    private final int elements;
    /** Row {@code i} holds {@code n} symbols of {@code elements} elements each. */
    private final SymbolMatrix rows;
    private byte[] leafHashes;
    private BlobMetadata metadata;

    private ExpandedBlob(EncodingConfig config, long length, int symbolSize, SymbolMatrix rows) {
        this.config = config;
        this.length = length;
        this.symbolSize = symbolSize;
        this.elements = symbolSize / 2;
        this.rows = rows;
    }

    /** Encodes a blob for the given committee size (both dimensions, all cores). */
    public static ExpandedBlob encode(EncodingConfig config, byte[] blob) {
        int symbolSize = config.symbolSize(blob.length);
        int n = config.shards();
        int p = config.primarySourceSymbols();
        int s = config.secondarySourceSymbols();
        int e = symbolSize / 2;
        char[][] rows = new char[n][];
        Parallel.forEach(n, i -> rows[i] = new char[n * e]);
        Parallel.forEach(p, i -> {
            byte[] padded = null;
            for (int j = 0; j < s; j++) {
                long offset = ((long) i * s + j) * symbolSize;
                if (offset + symbolSize <= blob.length) {
                    SymbolLayout.toElements(blob, (int) offset, symbolSize, rows[i], j * e);
                } else if (offset < blob.length) {
                    padded = padded == null ? new byte[symbolSize] : padded;
                    java.util.Arrays.fill(padded, (byte) 0);
                    System.arraycopy(blob, (int) offset, padded, 0, (int) (blob.length - offset));
                    SymbolLayout.toElements(padded, 0, symbolSize, rows[i], j * e);
                }
            }
        });
        ExpandedBlob expanded = new ExpandedBlob(config, blob.length, symbolSize, new SymbolMatrix.Heap(rows, e));
        expanded.expandRows();
        expanded.expandColumns();
        return expanded;
    }

    /**
     * Encodes the blob in {@code blobFile} (its whole content) with the expanded matrix in a memory-mapped scratch
     * file under {@code scratchDirectory}: the heap holds one row of the blob at a time, never the blob or its
     * expansion. Gives the same metadata, blob ID and slivers as {@link #encode(EncodingConfig, byte[])}.
     *
     * @throws BlobTooLargeException if the blob does not fit the committee
     * @throws UncheckedIOException if the blob cannot be read or the scratch file cannot be mapped
     */
    public static ExpandedBlob encode(EncodingConfig config, Path blobFile, Path scratchDirectory) {
        try (FileChannel blob = FileChannel.open(blobFile, StandardOpenOption.READ)) {
            long length = blob.size();
            int symbolSize = config.symbolSize(length);
            int n = config.shards();
            int p = config.primarySourceSymbols();
            int s = config.secondarySourceSymbols();
            int e = symbolSize / 2;
            SymbolMatrix rows = new SymbolMatrix.Mapped(scratchDirectory, n, n * e, e);
            byte[] rowBytes = new byte[s * symbolSize];
            char[] rowElements = new char[s * e];
            for (int i = 0; i < p; i++) {
                long start = (long) i * s * symbolSize;
                int count = (int) Math.max(0, Math.min(rowBytes.length, length - start));
                java.util.Arrays.fill(rowBytes, count, rowBytes.length, (byte) 0);
                ByteBuffer target = ByteBuffer.wrap(rowBytes, 0, count);
                while (target.hasRemaining()) {
                    if (blob.read(target, start + target.position()) < 0) {
                        throw new IOException("the blob file ended at " + (start + target.position())
                                + " bytes while being encoded; it was changed underway");
                    }
                }
                for (int j = 0; j < s; j++) {
                    SymbolLayout.toElements(rowBytes, j * symbolSize, symbolSize, rowElements, j * e);
                }
                rows.write(i, 0, rowElements, 0, rowElements.length);
            }
            ExpandedBlob expanded = new ExpandedBlob(config, length, symbolSize, rows);
            expanded.expandRows();
            expanded.expandColumns();
            return expanded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + blobFile, e);
        }
    }

    /**
     * Row code on rows {@code 0..p-1}: columns {@code s..n-1} from columns {@code 0..s-1}. Small symbols batch
     * several rows into one work buffer; large symbols are cut into element strips so the buffer stays in cache.
     */
    private void expandRows() {
        ReedSolomonCode code = config.secondaryCode();
        int p = config.primarySourceSymbols();
        int s = config.secondarySourceSymbols();
        int f = config.shards() - s;
        int e = elements;
        int workSymbols = code.encodeWorkSymbols();
        int strip = Math.min(e, Strips.width(workSymbols));
        int stripsPerRow = (e + strip - 1) / strip;
        int batch = stripsPerRow == 1 ? Math.max(1, Math.min(p, Strips.width(workSymbols) / e)) : 1;
        int batches = (p + batch - 1) / batch;
        Parallel.forEach(batches * stripsPerRow, task -> {
            int first = (task / stripsPerRow) * batch;
            int count = Math.min(batch, p - first);
            int from = (task % stripsPerRow) * strip;
            int w = Math.min(strip, e - from);
            int width = count * w;
            char[] work = Strips.workBuffer(workSymbols * width);
            for (int q = 0; q < s; q++) {
                for (int r = 0; r < count; r++) {
                    rows.read(first + r, q * e + from, work, q * width + r * w, w);
                }
            }
            code.encode(work, width);
            for (int j = 0; j < f; j++) {
                for (int r = 0; r < count; r++) {
                    rows.write(first + r, (s + j) * e + from, work, j * width + r * w, w);
                }
            }
        });
    }

    /** Column code on all {@code n} columns at once: rows {@code p..n-1} from rows {@code 0..p-1}, in strips. */
    private void expandColumns() {
        ReedSolomonCode code = config.primaryCode();
        int n = config.shards();
        int p = config.primarySourceSymbols();
        int rowWidth = n * elements;
        int workSymbols = code.encodeWorkSymbols();
        int strip = Strips.width(workSymbols);
        int strips = (rowWidth + strip - 1) / strip;
        Parallel.forEach(strips, t -> {
            int start = t * strip;
            int width = Math.min(strip, rowWidth - start);
            char[] work = Strips.workBuffer(workSymbols * width);
            for (int i = 0; i < p; i++) {
                rows.read(i, start, work, i * width, width);
            }
            code.encode(work, width);
            for (int j = 0; j < n - p; j++) {
                rows.write(p + j, start, work, j * width, width);
            }
        });
    }

    public EncodingConfig config() {
        return config;
    }

    public long length() {
        return length;
    }

    public int symbolSize() {
        return symbolSize;
    }

    /** Symbol {@code (row, column)} of the expanded matrix as bytes. */
    public byte[] symbol(int row, int column) {
        byte[] out = new byte[symbolSize];
        rows.symbolBytes(row, column, out, 0);
        return out;
    }

    /** Primary sliver {@code i}: row {@code i}, columns {@code 0..s-1}. */
    public Sliver primarySliver(int i) {
        int s = config.secondarySourceSymbols();
        byte[] data = new byte[s * symbolSize];
        for (int j = 0; j < s; j++) {
            rows.symbolBytes(i, j, data, j * symbolSize);
        }
        return new Sliver(SliverType.PRIMARY, i, symbolSize, data);
    }

    /** Secondary sliver {@code j}: column {@code j}, rows {@code 0..p-1}. */
    public Sliver secondarySliver(int j) {
        int p = config.primarySourceSymbols();
        byte[] data = new byte[p * symbolSize];
        for (int i = 0; i < p; i++) {
            rows.symbolBytes(i, j, data, i * symbolSize);
        }
        return new Sliver(SliverType.SECONDARY, j, symbolSize, data);
    }

    /** Both slivers of pair {@code pair}: primary {@code pair}, secondary {@code n-1-pair}. */
    public SliverPair sliverPair(int pair) {
        return new SliverPair(pair, primarySliver(pair), secondarySliver(config.shards() - 1 - pair));
    }

    /** The leaf hash of every symbol, {@code (row·n + column)·32}; each serves both its row and its column tree. */
    public byte[] leafHashes() {
        if (leafHashes == null) {
            int n = config.shards();
            byte[] hashes = new byte[n * n * H];
            // Two-byte symbols (every blob up to p·s·2 bytes) take at most 65536 values: with more leaves than
            // that, hash every value once and copy.
            byte[] byValue = symbolSize == 2 && n * n > TWO_BYTE_VALUES ? twoByteLeafHashes() : null;
            Parallel.forEach(n, i -> {
                if (byValue != null) {
                    for (int j = 0; j < n; j++) {
                        System.arraycopy(byValue, rows.element(i, j) * H, hashes, (i * n + j) * H, H);
                    }
                } else {
                    MerkleTree.leafHashes(n, symbolSize, (j, out, outOff) -> rows.symbolBytes(i, j, out, outOff),
                            hashes, i * n * H);
                }
            });
            leafHashes = hashes;
        }
        return leafHashes;
    }

    private static final int TWO_BYTE_VALUES = 1 << 16;

    /** The leaf hash of every two-byte symbol, indexed by the symbol's element value. */
    private static byte[] twoByteLeafHashes() {
        byte[] table = new byte[TWO_BYTE_VALUES * H];
        int chunk = 4096;
        Parallel.forEach(TWO_BYTE_VALUES / chunk, c -> {
            Blake2b256 hasher = Blake2b256.get();
            byte[] symbol = new byte[3];
            char[] element = new char[1];
            for (int value = c * chunk; value < (c + 1) * chunk; value++) {
                element[0] = (char) value;
                SymbolLayout.toBytes(element, 0, 2, symbol, 1);
                hasher.update(symbol, 0, 3).digest(table, value * H);
            }
        });
        return table;
    }

    /** The Merkle tree over expanded row {@code i} (for proofs of recovery symbols towards secondary slivers). */
    public MerkleTree rowTree(int i) {
        int n = config.shards();
        return MerkleTree.fromLeafHashes(leafHashes(), i * n * H, H, n);
    }

    /** The Merkle tree over expanded column {@code j}. */
    public MerkleTree columnTree(int j) {
        int n = config.shards();
        return MerkleTree.fromLeafHashes(leafHashes(), j * H, n * H, n);
    }

    /** The blob's metadata: per pair, the roots of expanded row {@code i} and expanded column {@code n-1-i}. */
    public BlobMetadata metadata() {
        if (metadata == null) {
            int n = config.shards();
            byte[] leaves = leafHashes();
            byte[] rowRoots = new byte[n * H];
            byte[] columnRoots = new byte[n * H];
            Parallel.forEach(2 * n, t -> {
                byte[] scratch = new byte[(n + 1) / 2 * H];
                if (t < n) {
                    MerkleTree.root(leaves, t * n * H, H, n, scratch, rowRoots, t * H);
                } else {
                    int j = t - n;
                    MerkleTree.root(leaves, j * H, n * H, n, scratch, columnRoots, j * H);
                }
            });
            List<SliverPairHashes> pairs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] primary = java.util.Arrays.copyOfRange(rowRoots, i * H, (i + 1) * H);
                int column = n - 1 - i;
                byte[] secondary = java.util.Arrays.copyOfRange(columnRoots, column * H, (column + 1) * H);
                pairs.add(new SliverPairHashes(primary, secondary));
            }
            metadata = new BlobMetadata(length, pairs);
        }
        return metadata;
    }

    public BlobId blobId() {
        return metadata().blobId();
    }

    /** Recreates the blob's bytes from the systematic rows. */
    public byte[] blob() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("blob of " + length + " bytes does not fit in one array");
        }
        return SystematicRows.toBlob(rows, config, symbolSize, (int) length);
    }
}
