package io.floe.persistence.leveldb;

import java.nio.ByteBuffer;

/** The {@code u64} payloads of sliver lengths and store counters. */
final class Longs {
    private Longs() {
    }

    static byte[] toBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** Parses a non-negative u64 stored under {@code key}. */
    static long fromBytes(byte[] key, byte[] payload) {
        long value = payload.length == 8 ? ByteBuffer.wrap(payload).getLong() : -1;
        if (value < 0) {
            throw ValueEnvelope.corrupt(key, "expected a non-negative 8-byte number, got " + payload.length
                    + " bytes", null);
        }
        return value;
    }
}
