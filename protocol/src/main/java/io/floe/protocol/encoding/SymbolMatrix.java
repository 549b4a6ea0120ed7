package io.floe.protocol.encoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rows of symbols as GF(2^16) elements, {@code elements} per symbol: the expanded matrix of an {@link ExpandedBlob}.
 * {@link Heap} keeps each row in a {@code char[]}; {@link Mapped} keeps them in a memory-mapped scratch file, so that
 * a large blob's expansion (about 4.4 times the blob for 100 shards) lives in the page cache rather than the heap.
 * Callers copy strips in and out; two implementations keep every call site at most bimorphic.
 */
abstract sealed class SymbolMatrix permits SymbolMatrix.Heap, SymbolMatrix.Mapped {
    final int elements;

    private SymbolMatrix(int elements) {
        this.elements = elements;
    }

    /** Copies {@code length} elements of row {@code row} from element {@code from} into {@code dst}. */
    abstract void read(int row, int from, char[] dst, int offset, int length);

    /** Copies {@code length} elements from {@code src} into row {@code row} at element {@code from}. */
    abstract void write(int row, int from, char[] src, int offset, int length);

    /** Writes symbol {@code (row, column)} as {@code 2·elements} bytes into {@code dst} at {@code offset}. */
    abstract void symbolBytes(int row, int column, byte[] dst, int offset);

    /** Element {@code index} of row {@code row}. */
    abstract char element(int row, int index);

    /** {@code rows} arrays on the heap, each at least as long as the widest access. */
    static final class Heap extends SymbolMatrix {
        final char[][] rows;

        Heap(char[][] rows, int elements) {
            super(elements);
            this.rows = rows;
        }

        @Override
        void read(int row, int from, char[] dst, int offset, int length) {
            System.arraycopy(rows[row], from, dst, offset, length);
        }

        @Override
        void write(int row, int from, char[] src, int offset, int length) {
            System.arraycopy(src, offset, rows[row], from, length);
        }

        @Override
        void symbolBytes(int row, int column, byte[] dst, int offset) {
            SymbolLayout.toBytes(rows[row], column * elements, elements * 2, dst, offset);
        }

        @Override
        char element(int row, int index) {
            return rows[row][index];
        }
    }

    /**
     * {@code rowCount} rows of {@code rowElements} elements in a scratch file under {@code directory}, mapped row by
     * row in native byte order. The file is removed as soon as it is mapped: the mappings keep its pages, and the
     * space returns to the file system when they are collected, even if the process dies.
     */
    static final class Mapped extends SymbolMatrix {
        private static final ThreadLocal<char[]> SYMBOL = ThreadLocal.withInitial(() -> new char[0]);
        private final CharBuffer[] rows;

        Mapped(Path directory, int rowCount, int rowElements, int elements) {
            super(elements);
            this.rows = new CharBuffer[rowCount];
            long rowBytes = 2L * rowElements;
            Path file = null;
            try {
                Files.createDirectories(directory);
                file = Files.createTempFile(directory, "expansion-", ".scratch");
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    for (int i = 0; i < rowCount; i++) {
                        rows[i] = channel.map(FileChannel.MapMode.READ_WRITE, i * rowBytes, rowBytes)
                                .order(ByteOrder.nativeOrder()).asCharBuffer();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map a scratch file of " + rowCount * rowBytes + " bytes in "
                        + directory, e);
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // the mappings still work; the file is left for the operator to remove
                    }
                }
            }
        }

        @Override
        void read(int row, int from, char[] dst, int offset, int length) {
            rows[row].get(from, dst, offset, length);
        }

        @Override
        void write(int row, int from, char[] src, int offset, int length) {
            rows[row].put(from, src, offset, length);
        }

        @Override
        void symbolBytes(int row, int column, byte[] dst, int offset) {
            char[] symbol = SYMBOL.get();
            if (symbol.length < elements) {
                symbol = new char[elements];
                SYMBOL.set(symbol);
            }
            rows[row].get(column * elements, symbol, 0, elements);
            SymbolLayout.toBytes(symbol, 0, elements * 2, dst, offset);
        }

        @Override
        char element(int row, int index) {
            return rows[row].get(index);
        }
    }
}
