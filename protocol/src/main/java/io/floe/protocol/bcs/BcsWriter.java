package io.floe.protocol.bcs;

import java.util.Arrays;

/**
 * Writes Binary Canonical Serialization: little-endian integers, ULEB128 lengths, raw bytes. Not thread-safe. A writer
 * created with the exact size of what it writes hands out its own array ({@link #toByteArray}) instead of a copy.
 */
public final class BcsWriter {
    private byte[] buffer;
    private int count;

    public BcsWriter() {
        this(64);
    }

    public BcsWriter(int expectedSize) {
        buffer = new byte[Math.max(0, expectedSize)];
    }

    /** How many bytes {@link #uleb128} writes for {@code value}. */
    public static int uleb128Length(long value) {
        int length = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            length++;
        }
        return length;
    }

    private void ensure(int more) {
        int needed = count + more;
        if (needed < 0) {
            throw new IllegalStateException("BCS output over 2 GiB");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8L,
                    Math.max(needed, 2L * buffer.length)));
        }
    }

    private void write(int value) {
        ensure(1);
        buffer[count++] = (byte) value;
    }

    public BcsWriter u8(int value) {
        write(value);
        return this;
    }

    public BcsWriter u16(int value) {
        write(value);
        write(value >>> 8);
        return this;
    }

    public BcsWriter u32(long value) {
        for (int i = 0; i < 4; i++) {
            write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter u64(long value) {
        for (int i = 0; i < 8; i++) {
            write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public BcsWriter uleb128(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("ULEB128 of a negative value: " + value);
        }
        long rest = value;
        while (rest >= 0x80) {
            write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        write((int) rest);
        return this;
    }

    public BcsWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    /** Fixed-length bytes, no length prefix. */
    public BcsWriter fixedBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, count, bytes.length);
        count += bytes.length;
        return this;
    }

    /** A {@code Vec<u8>}: ULEB128 length, then the bytes. */
    public BcsWriter bytes(byte[] bytes) {
        uleb128(bytes.length);
        return fixedBytes(bytes);
    }

    /** What was written: the writer's own array when it is exactly full (nothing written after may change it). */
    public byte[] toByteArray() {
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }
}
