package io.floe.protocol.merkle;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Unkeyed BLAKE2b with a 32-byte digest. One instance per thread: it keeps its state between calls. */
public final class Blake2b256 {
    public static final int DIGEST_LENGTH = 32;
    private static final ThreadLocal<Blake2b256> PER_THREAD = ThreadLocal.withInitial(Blake2b256::new);

    private final Blake2bDigest digest = new Blake2bDigest(DIGEST_LENGTH * 8);

    /** This thread's hasher. */
    public static Blake2b256 get() {
        return PER_THREAD.get();
    }

    public Blake2b256 update(byte b) {
        digest.update(b);
        return this;
    }

    public Blake2b256 update(byte[] data) {
        digest.update(data, 0, data.length);
        return this;
    }

    public Blake2b256 update(byte[] data, int off, int len) {
        digest.update(data, off, len);
        return this;
    }

    /** Finishes the hash into {@code out[outOff, outOff + 32)} and resets for the next one. */
    public void digest(byte[] out, int outOff) {
        digest.doFinal(out, outOff);
    }

    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** One-shot hash of {@code data}. */
    public static byte[] hash(byte[] data) {
        return get().update(data).digest();
    }
}
