package io.floe.protocol.merkle;

import java.util.Arrays;
import java.util.List;

/** The siblings of a leaf from the bottom of a Merkle tree up; proves the leaf at an index under a root. */
public record MerkleProof(List<MerkleNode> path) {
    public MerkleProof {
        path = List.copyOf(path);
    }

    /** Whether {@code leafData} sits at leaf {@code index} of a tree of {@code leafCount} leaves with this root. */
    public boolean verifies(byte[] root, byte[] leafData, int index, int leafCount) {
        return verifiesLeafHash(root, MerkleTree.leafHash(leafData), index, leafCount);
    }

    /** As {@link #verifies}, given the leaf's hash rather than its data. */
    public boolean verifiesLeafHash(byte[] root, byte[] leafHash, int index, int leafCount) {
        if (index < 0 || index >= leafCount || path.size() != depthOf(leafCount)) {
            return false;
        }
        byte[] current = leafHash.clone();
        int position = index;
        int levelSize = leafCount;
        for (MerkleNode sibling : path) {
            boolean siblingIsPadding = (position ^ 1) >= levelSize;
            if (siblingIsPadding != sibling.isEmpty()) {
                return false;
            }
            byte[] next = new byte[Blake2b256.DIGEST_LENGTH];
            byte[] other = sibling.bytes();
            if ((position & 1) == 0) {
                MerkleTree.innerHash(current, 0, other, 0, next, 0);
            } else {
                MerkleTree.innerHash(other, 0, current, 0, next, 0);
            }
            current = next;
            position >>>= 1;
            levelSize = (levelSize + 1) / 2;
        }
        return Arrays.equals(current, root);
    }

    /** The number of levels above the leaves in a tree of {@code leafCount} leaves. */
    public static int depthOf(int leafCount) {
        int depth = 0;
        for (int size = leafCount; size > 1; size = (size + 1) / 2) {
            depth++;
        }
        return depth;
    }
}
