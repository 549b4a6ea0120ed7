package io.floe.protocol.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** Leaf hashes in bulk ({@link Blake2bLanes} where the Vector API is on) equal Bouncy Castle's BLAKE2b, leaf by leaf. */
class LeafHashesTest {
    @Property(tries = 200)
    void bulkLeafHashesEqualOneByOne(@ForAll @IntRange(min = 0, max = 700) int length,
            @ForAll @IntRange(min = 0, max = 19) int count, @ForAll @IntRange(min = 0, max = 64) int outOff,
            @ForAll long seed) {
        byte[] data = new byte[count * length];
        new Random(seed).nextBytes(data);
        byte[] out = new byte[outOff + count * 32 + 5];
        Arrays.fill(out, (byte) 0x5A);

        MerkleTree.leafHashes(count, length, (q, dst, dstOff) -> System.arraycopy(data, q * length, dst, dstOff, length),
                out, outOff);

        for (int q = 0; q < count; q++) {
            assertArrayEquals(bouncyCastleLeaf(data, q * length, length),
                    Arrays.copyOfRange(out, outOff + 32 * q, outOff + 32 * (q + 1)), "leaf " + q + " of " + length + " bytes");
        }
        for (int i = 0; i < outOff; i++) {
            assertEquals((byte) 0x5A, out[i], "nothing written before the output offset");
        }
        assertArrayEquals(new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A}, Arrays.copyOfRange(out, out.length - 5, out.length));
    }

    @Test
    void blockBoundariesAndReusedBuffers() {
        // 1 + length crosses 128-byte blocks at 127/128; alternating lengths reuse one thread's buffers.
        for (int length : new int[] {127, 0, 128, 255, 1, 383, 127, 2048, 126}) {
            bulkLeafHashesEqualOneByOne(length, 9, 3, length);
        }
    }

    private static byte[] bouncyCastleLeaf(byte[] data, int off, int len) {
        Blake2bDigest digest = new Blake2bDigest(256);
        digest.update(MerkleTree.LEAF_PREFIX);
        digest.update(data, off, len);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
