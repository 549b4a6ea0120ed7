package io.floe.persistence.leveldb;

import io.floe.persistence.CorruptValueException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The frame around every value in a node's LevelDB: {@code format version u8 ‖ CRC32C u32 ‖ payload}.
 *
 * <p>The checksum covers the key as well as the version and payload, so a value that is damaged, truncated, or
 * found under another key than the one it was written for fails it. A failing value is never returned as data.
 */
final class ValueEnvelope {
    /** The only value format so far. */
    static final byte FORMAT_V1 = 1;
    static final int HEADER_LENGTH = 1 + 4;

    private ValueEnvelope() {
    }

    /** Frames {@code payload} for storage under {@code key}. */
    static byte[] seal(byte[] key, byte[] payload) {
        byte[] value = new byte[HEADER_LENGTH + payload.length];
        value[0] = FORMAT_V1;
        System.arraycopy(payload, 0, value, HEADER_LENGTH, payload.length);
        ByteBuffer.wrap(value, 1, 4).putInt(checksum(key, value));
        return value;
    }

    /**
     * The payload of {@code value} read under {@code key}.
     *
     * @throws CorruptValueException when the value is too short, has an unknown version or fails its checksum
     */
    static byte[] open(byte[] key, byte[] value) {
        if (value.length < HEADER_LENGTH) {
            throw corrupt(key, "value of " + value.length + " bytes is shorter than its " + HEADER_LENGTH
                    + "-byte header", null);
        }
        if (value[0] != FORMAT_V1) {
            throw corrupt(key, "unknown value format version " + (value[0] & 0xFF) + " (expected " + FORMAT_V1 + ")",
                    null);
        }
        int stored = ByteBuffer.wrap(value, 1, 4).getInt();
        int actual = checksum(key, value);
        if (stored != actual) {
            throw corrupt(key, String.format("CRC32C mismatch (stored %08x, computed %08x)", stored, actual), null);
        }
        return Arrays.copyOfRange(value, HEADER_LENGTH, value.length);
    }

    /** The exception for a value under {@code key} that cannot be used, for whatever {@code reason}. */
    static CorruptValueException corrupt(byte[] key, String reason, Throwable cause) {
        return new CorruptValueException(KeyLayout.describe(key), KeyLayout.blobIdOf(key), reason, cause);
    }

    private static int checksum(byte[] key, byte[] value) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value, 0, 1);
        crc.update(value, HEADER_LENGTH, value.length - HEADER_LENGTH);
        return (int) crc.getValue();
    }
}
