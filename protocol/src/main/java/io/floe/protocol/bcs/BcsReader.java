package io.floe.protocol.bcs;

/**
 * Reads Binary Canonical Serialization strictly: every read checks the bytes left, ULEB128 must be canonical and
 * fit, and {@link #finish()} rejects trailing bytes. Errors are {@link BcsException}s naming what was being read.
 */
public final class BcsReader {
    private final byte[] data;
    private int position;

    public BcsReader(byte[] data) {
        this.data = data;
    }

    public int remaining() {
        return data.length - position;
    }

    public int position() {
        return position;
    }

    private void need(int count, String what) {
        if (count < 0 || remaining() < count) {
            throw new BcsException("truncated input: " + what + " needs " + count + " bytes at offset " + position
                    + ", " + remaining() + " left");
        }
    }

    public int u8(String what) {
        need(1, what);
        return data[position++] & 0xFF;
    }

    public int u16(String what) {
        need(2, what);
        int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    public long u32(String what) {
        need(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += 4;
        return value;
    }

    public long u64(String what) {
        need(8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += 8;
        return value;
    }

    /** A ULEB128 value that must fit in 32 bits, as BCS lengths and enum tags do. */
    public int uleb128(String what) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8(what);
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift > 0 && b == 0) {
                    throw new BcsException("non-canonical ULEB128 for " + what);
                }
                if (value > Integer.MAX_VALUE) {
                    throw new BcsException(what + " is too large: " + value);
                }
                return (int) value;
            }
        }
        throw new BcsException("ULEB128 for " + what + " is longer than 5 bytes");
    }

    public boolean bool(String what) {
        int b = u8(what);
        if (b > 1) {
            throw new BcsException("invalid bool " + b + " for " + what);
        }
        return b == 1;
    }

    public byte[] fixedBytes(int length, String what) {
        need(length, what);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** A {@code Vec<u8>}: ULEB128 length then bytes; the length is checked against the bytes left first. */
    public byte[] bytes(String what) {
        int length = uleb128(what + " length");
        return fixedBytes(length, what);
    }

    /** Rejects trailing bytes. */
    public void finish(String what) {
        if (remaining() != 0) {
            throw new BcsException(remaining() + " unexpected trailing bytes after " + what);
        }
    }
}
