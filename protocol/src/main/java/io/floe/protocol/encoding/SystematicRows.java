package io.floe.protocol.encoding;

/** Converts between a blob's bytes and its systematic rows (the {@code p × s} message matrix as elements). */
final class SystematicRows {
    private SystematicRows() {
    }

    /** Reads the first {@code length} bytes of the message matrix out of rows whose symbols are {@code rowStride} apart. */
    static byte[] toBlob(char[][] rows, EncodingConfig config, int symbolSize, int length) {
        return toBlob(new SymbolMatrix.Heap(rows, symbolSize / 2), config, symbolSize, length);
    }

    /** Reads the first {@code length} bytes of the message matrix out of the first {@code p} rows of {@code rows}. */
    static byte[] toBlob(SymbolMatrix rows, EncodingConfig config, int symbolSize, int length) {
        int p = config.primarySourceSymbols();
        int s = config.secondarySourceSymbols();
        int e = symbolSize / 2;
        byte[] blob = new byte[length];
        Parallel.forEach(p, i -> {
            byte[] symbol = null;
            for (int j = 0; j < s; j++) {
                long offset = ((long) i * s + j) * symbolSize;
                if (offset + symbolSize <= length) {
                    rows.symbolBytes(i, j, blob, (int) offset);
                } else if (offset < length) {
                    symbol = symbol == null ? new byte[symbolSize] : symbol;
                    rows.symbolBytes(i, j, symbol, 0);
                    System.arraycopy(symbol, 0, blob, (int) offset, (int) (length - offset));
                }
            }
        });
        return blob;
    }
}
