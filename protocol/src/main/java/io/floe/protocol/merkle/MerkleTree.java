package io.floe.protocol.merkle;

import io.floe.protocol.Simd;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of Walrus over BLAKE2b-256: leaf {@code H(0x00 ‖ data)}, inner node {@code H(0x01 ‖ left ‖
 * right)}, an odd level padded with an empty (all-zero) node; no leaves give the empty node, one leaf gives its
 * leaf hash.
 */
public final class MerkleTree {
    static final byte LEAF_PREFIX = 0x00;
    static final byte INNER_PREFIX = 0x01;
    private static final int H = Blake2b256.DIGEST_LENGTH;
    /** The empty node, which pads an odd level; never written. */
    private static final byte[] EMPTY = new byte[H];

    /** levels.get(0) holds the leaf hashes; each level's array is a multiple of 32 bytes; the last level is the root. */
    private final List<byte[]> levels;
    private final int leafCount;

    private MerkleTree(List<byte[]> levels, int leafCount) {
        this.levels = levels;
        this.leafCount = leafCount;
    }

    /** The leaf hash {@code H(0x00 ‖ data[off, off + len))} into {@code out[outOff..]}. */
    public static void leafHash(byte[] data, int off, int len, byte[] out, int outOff) {
        Blake2b256.get().update(LEAF_PREFIX).update(data, off, len).digest(out, outOff);
    }

    /** Writes leaf {@code leaf}'s data, all leaves being of one length, into {@code out} at {@code outOff}. */
    @FunctionalInterface
    public interface LeafData {
        void copy(int leaf, byte[] out, int outOff);
    }

    /**
     * The leaf hashes of {@code count} leaves of {@code length} bytes each, leaf {@code q}'s hash into {@code out[outOff
     * + 32q ..]}: several leaves at once where the Vector API is on ({@link Blake2bLanes}), one by one otherwise.
     */
    public static void leafHashes(int count, int length, LeafData data, byte[] out, int outOff) {
        int leaf = 0;
        if (Simd.ENABLED) {
            Blake2bLanes lanes = Blake2bLanes.get();
            for (; leaf + Blake2bLanes.LANES <= count; leaf += Blake2bLanes.LANES) {
                byte[] messages = lanes.messages(1 + length);
                for (int lane = 0; lane < Blake2bLanes.LANES; lane++) {
                    int at = lanes.offset(lane);
                    messages[at] = LEAF_PREFIX;
                    data.copy(leaf + lane, messages, at + 1);
                }
                lanes.digest(out, outOff + leaf * H);
            }
        }
        if (leaf < count) {
            Blake2b256 hasher = Blake2b256.get();
            byte[] message = new byte[1 + length];
            message[0] = LEAF_PREFIX;
            for (; leaf < count; leaf++) {
                data.copy(leaf, message, 1);
                hasher.update(message, 0, message.length).digest(out, outOff + leaf * H);
            }
        }
    }

    public static byte[] leafHash(byte[] data) {
        byte[] out = new byte[H];
        leafHash(data, 0, data.length, out, 0);
        return out;
    }

    /** The inner node hash {@code H(0x01 ‖ left ‖ right)}, each child 32 bytes at its offset. */
    public static void innerHash(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        Blake2b256.get().hashPair(INNER_PREFIX, left, leftOff, right, rightOff, out, outOff);
    }

    /** Builds the whole tree (kept for proofs) over leaf data items. */
    public static MerkleTree build(List<byte[]> items) {
        byte[] leaves = new byte[items.size() * H];
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            leafHash(item, 0, item.length, leaves, i * H);
        }
        return fromLeafHashes(leaves, 0, H, items.size());
    }

    /** Builds the whole tree from {@code count} leaf hashes at {@code offset + i·stride}. */
    public static MerkleTree fromLeafHashes(byte[] hashes, int offset, int stride, int count) {
        byte[] level = new byte[count * H];
        for (int i = 0; i < count; i++) {
            System.arraycopy(hashes, offset + i * stride, level, i * H, H);
        }
        List<byte[]> levels = new ArrayList<>();
        levels.add(level);
        while (level.length > H) {
            level = nextLevel(level);
            levels.add(level);
        }
        return new MerkleTree(levels, count);
    }

    private static byte[] nextLevel(byte[] level) {
        int nodes = level.length / H;
        byte[] next = new byte[(nodes + 1) / 2 * H];
        parents(level, 0, H, nodes, next);
        return next;
    }

    /**
     * The parents of {@code count} nodes at {@code src[srcOff + i·stride]}, parent {@code i} into {@code out[32i ..]}
     * (the last node paired with the empty node when {@code count} is odd): several parents at once where the Vector
     * API is on ({@link Blake2bLanes}), one by one otherwise. {@code out} may be {@code src} when {@code srcOff} is 0
     * and {@code stride} 32: parent {@code i} is written only after nodes {@code 2i} and {@code 2i + 1} are read.
     */
    private static void parents(byte[] src, int srcOff, int stride, int count, byte[] out) {
        int pairs = count / 2;
        int parent = 0;
        if (Simd.ENABLED) {
            Blake2bLanes lanes = Blake2bLanes.get();
            for (; parent + Blake2bLanes.LANES <= pairs; parent += Blake2bLanes.LANES) {
                byte[] messages = lanes.messages(1 + 2 * H);
                for (int lane = 0; lane < Blake2bLanes.LANES; lane++) {
                    int at = lanes.offset(lane);
                    int left = srcOff + 2 * (parent + lane) * stride;
                    messages[at] = INNER_PREFIX;
                    System.arraycopy(src, left, messages, at + 1, H);
                    System.arraycopy(src, left + stride, messages, at + 1 + H, H);
                }
                lanes.digest(out, parent * H);
            }
        }
        Blake2b256 hasher = Blake2b256.get();
        for (; parent < pairs; parent++) {
            int left = srcOff + 2 * parent * stride;
            hasher.hashPair(INNER_PREFIX, src, left, src, left + stride, out, parent * H);
        }
        if (count % 2 == 1) {
            hasher.hashPair(INNER_PREFIX, src, srcOff + (count - 1) * stride, EMPTY, 0, out, pairs * H);
        }
    }

    /**
     * The root over {@code count} leaf hashes at {@code offset + i·stride}, computed without keeping the tree.
     * {@code scratch} must hold at least {@code count · 32} bytes (or be null).
     */
    public static void root(byte[] hashes, int offset, int stride, int count, byte[] scratch, byte[] out, int outOff) {
        if (count == 0) {
            java.util.Arrays.fill(out, outOff, outOff + H, (byte) 0);
            return;
        }
        if (count == 1) {
            System.arraycopy(hashes, offset, out, outOff, H);
            return;
        }
        int nodes = (count + 1) / 2;
        byte[] level = scratch != null && scratch.length >= nodes * H ? scratch : new byte[nodes * H];
        // The first level reads from the strided input, the others in place from the scratch level.
        parents(hashes, offset, stride, count, level);
        while (nodes > 1) {
            parents(level, 0, H, nodes, level);
            nodes = (nodes + 1) / 2;
        }
        System.arraycopy(level, 0, out, outOff, H);
    }

    public int leafCount() {
        return leafCount;
    }

    public byte[] root() {
        if (leafCount == 0) {
            return new byte[H];
        }
        return levels.get(levels.size() - 1).clone();
    }

    /** The proof of leaf {@code index}: its siblings from the bottom up, empty where the level was padded. */
    public MerkleProof proof(int index) {
        if (index < 0 || index >= leafCount) {
            throw new IndexOutOfBoundsException("leaf " + index + " outside a tree of " + leafCount);
        }
        List<MerkleNode> path = new ArrayList<>();
        int position = index;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            byte[] level = levels.get(depth);
            int sibling = position ^ 1;
            if (sibling * H < level.length) {
                byte[] digest = new byte[H];
                System.arraycopy(level, sibling * H, digest, 0, H);
                path.add(MerkleNode.digest(digest));
            } else {
                path.add(MerkleNode.EMPTY);
            }
            position >>>= 1;
        }
        return new MerkleProof(path);
    }
}
