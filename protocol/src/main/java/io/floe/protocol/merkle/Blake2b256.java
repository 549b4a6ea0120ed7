package io.floe.protocol.merkle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Unkeyed BLAKE2b (RFC 7693) with a 32-byte digest, written for the millions of short hashes a Merkle tree over an
 * {@code n × n} matrix needs: no allocation per hash, the compression function on local variables. One instance
 * per thread ({@link #get()}); it is checked against Bouncy Castle's implementation in the tests.
 */
public final class Blake2b256 {
    public static final int DIGEST_LENGTH = 32;
    private static final int BLOCK = 128;
    private static final ThreadLocal<Blake2b256> PER_THREAD = ThreadLocal.withInitial(Blake2b256::new);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final long IV0 = 0x6a09e667f3bcc908L;
    static final long IV1 = 0xbb67ae8584caa73bL;
    static final long IV2 = 0x3c6ef372fe94f82bL;
    static final long IV3 = 0xa54ff53a5f1d36f1L;
    static final long IV4 = 0x510e527fade682d1L;
    static final long IV5 = 0x9b05688c2b3e6c1fL;
    static final long IV6 = 0x1f83d9abfb41bd6bL;
    static final long IV7 = 0x5be0cd19137e2179L;
    /** Parameter block word 0 for a 32-byte digest, no key, fanout 1, depth 1. */
    static final long PARAM0 = 0x01010000L | DIGEST_LENGTH;

    private final long[] h = new long[8];
    private final long[] m = new long[16];
    private final long[] v = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private int buffered;
    private long counter;

    public Blake2b256() {
        reset();
    }

    /** This thread's hasher. */
    public static Blake2b256 get() {
        return PER_THREAD.get();
    }

    private void reset() {
        h[0] = IV0 ^ PARAM0;
        h[1] = IV1;
        h[2] = IV2;
        h[3] = IV3;
        h[4] = IV4;
        h[5] = IV5;
        h[6] = IV6;
        h[7] = IV7;
        buffered = 0;
        counter = 0;
    }

    public Blake2b256 update(byte b) {
        if (buffered == BLOCK) {
            counter += BLOCK;
            compress(buffer, 0, false);
            buffered = 0;
        }
        buffer[buffered++] = b;
        return this;
    }

    public Blake2b256 update(byte[] data) {
        return update(data, 0, data.length);
    }

    public Blake2b256 update(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + len) + ") of " + data.length);
        }
        int position = off;
        int remaining = len;
        // The last block must be compressed with the final flag, so a full buffer waits until more data arrives.
        while (remaining > 0) {
            if (buffered == BLOCK) {
                counter += BLOCK;
                compress(buffer, 0, false);
                buffered = 0;
            }
            if (buffered == 0 && remaining > BLOCK) {
                counter += BLOCK;
                compress(data, position, false);
                position += BLOCK;
                remaining -= BLOCK;
                continue;
            }
            int take = Math.min(BLOCK - buffered, remaining);
            System.arraycopy(data, position, buffer, buffered, take);
            buffered += take;
            position += take;
            remaining -= take;
        }
        return this;
    }

    /** Finishes the hash into {@code out[outOff, outOff + 32)} and resets for the next one. */
    public void digest(byte[] out, int outOff) {
        counter += buffered;
        for (int i = buffered; i < BLOCK; i++) {
            buffer[i] = 0;
        }
        compress(buffer, 0, true);
        for (int i = 0; i < 4; i++) {
            LONGS.set(out, outOff + 8 * i, h[i]);
        }
        reset();
    }

    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest(out, 0);
        return out;
    }

    /**
     * {@code H(prefix ‖ left[32] ‖ right[32])} into {@code out[outOff..]}: an inner Merkle node in one compression,
     * without the general buffering. The hasher must be between hashes (as after {@link #digest}).
     */
    public void hashPair(byte prefix, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        if (buffered != 0 || counter != 0) {
            throw new IllegalStateException("hashPair on a hasher with a hash in progress");
        }
        byte[] block = buffer;
        block[0] = prefix;
        System.arraycopy(left, leftOff, block, 1, DIGEST_LENGTH);
        System.arraycopy(right, rightOff, block, 1 + DIGEST_LENGTH, DIGEST_LENGTH);
        java.util.Arrays.fill(block, 1 + 2 * DIGEST_LENGTH, BLOCK, (byte) 0);
        counter = 1 + 2 * DIGEST_LENGTH;
        compress(block, 0, true);
        for (int i = 0; i < 4; i++) {
            LONGS.set(out, outOff + 8 * i, h[i]);
        }
        reset();
    }

    /** One-shot hash of {@code data}. */
    public static byte[] hash(byte[] data) {
        return get().update(data).digest();
    }

    // The rounds themselves live in Blake2bRounds (generated, unrolled).
    private void compress(byte[] block, int off, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = (long) LONGS.get(block, off + 8 * i);
        }
        System.arraycopy(h, 0, v, 0, 8);
        v[8] = IV0;
        v[9] = IV1;
        v[10] = IV2;
        v[11] = IV3;
        v[12] = IV4 ^ counter;
        v[13] = IV5;
        v[14] = last ? ~IV6 : IV6;
        v[15] = IV7;
        Blake2bRounds.firstRounds(m, v);
        Blake2bRounds.lastRounds(m, v);
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }
}
