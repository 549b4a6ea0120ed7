package io.floe.protocol.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Trees built level by level (inner nodes several at once where the Vector API is on) equal Walrus' definition
 * computed one node at a time with Bouncy Castle's BLAKE2b: odd levels padded with the empty node.
 */
class MerkleTreeTest {
    private static final int H = 32;

    @Property(tries = 150)
    void rootsAndProofsEqualTheDefinition(@ForAll @IntRange(min = 0, max = 70) int count,
            @ForAll @IntRange(min = 0, max = 3) int gap, @ForAll @IntRange(min = 0, max = 40) int offset,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] item = new byte[random.nextInt(90)];
            random.nextBytes(item);
            items.add(item);
        }
        byte[] expected = definitionRoot(items);

        MerkleTree tree = MerkleTree.build(items);
        assertArrayEquals(expected, tree.root(), "tree of " + count + " leaves");
        for (int i = 0; i < count; i++) {
            assertTrue(tree.proof(i).verifies(expected, items.get(i), i, count), "proof of leaf " + i + " of " + count);
        }

        // The same leaf hashes strided through a larger array, rooted without keeping the tree.
        int stride = H * (1 + gap);
        byte[] hashes = new byte[offset + count * stride];
        random.nextBytes(hashes);
        for (int i = 0; i < count; i++) {
            System.arraycopy(leaf(items.get(i)), 0, hashes, offset + i * stride, H);
        }
        byte[] before = hashes.clone();
        byte[] out = new byte[H + 7];
        Arrays.fill(out, (byte) 0x5A);
        byte[] scratch = random.nextBoolean() ? new byte[count * H] : null;
        MerkleTree.root(hashes, offset, stride, count, scratch, out, 7);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 7, 7 + H), "root of " + count + " strided leaf hashes");
        assertArrayEquals(new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A}, Arrays.copyOf(out, 7));
        assertArrayEquals(before, hashes, "the leaf hashes are left as they were");
        assertEquals(count, tree.leafCount());
    }

    /** Walrus' Merkle root, one node at a time. */
    private static byte[] definitionRoot(List<byte[]> items) {
        if (items.isEmpty()) {
            return new byte[H];
        }
        List<byte[]> level = new ArrayList<>();
        items.forEach(item -> level.add(leaf(item)));
        List<byte[]> current = level;
        while (current.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < current.size(); i += 2) {
                byte[] right = i + 1 < current.size() ? current.get(i + 1) : new byte[H];
                next.add(hash(MerkleTree.INNER_PREFIX, current.get(i), right));
            }
            current = next;
        }
        return current.get(0);
    }

    private static byte[] leaf(byte[] item) {
        return hash(MerkleTree.LEAF_PREFIX, item);
    }

    private static byte[] hash(byte prefix, byte[]... parts) {
        Blake2bDigest digest = new Blake2bDigest(256);
        digest.update(prefix);
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[H];
        digest.doFinal(out, 0);
        return out;
    }
}
