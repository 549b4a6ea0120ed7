package io.floe.protocol.bcs;

import java.io.ByteArrayOutputStream;

/** Writes Binary Canonical Serialization: little-endian integers, ULEB128 lengths, raw bytes. */
public final class BcsWriter {
    private final ByteArrayOutputStream out;

    public BcsWriter() {
        this(64);
    }

    public BcsWriter(int expectedSize) {
        out = new ByteArrayOutputStream(expectedSize);
    }

    public BcsWriter u8(int value) {
        out.write(value);
        return this;
    }

    public BcsWriter u16(int value) {
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    public BcsWriter u32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter u64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter uleb128(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("ULEB128 of a negative value: " + value);
        }
        long rest = value;
        while (rest >= 0x80) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
        return this;
    }

    public BcsWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    /** Fixed-length bytes, no length prefix. */
    public BcsWriter fixedBytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** A {@code Vec<u8>}: ULEB128 length, then the bytes. */
    public BcsWriter bytes(byte[] bytes) {
        uleb128(bytes.length);
        return fixedBytes(bytes);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
