package io.floe.protocol.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/** A node of a Merkle proof: either empty (the padding node, 32 zero bytes when hashed) or a 32-byte digest. */
public final class MerkleNode {
    public static final MerkleNode EMPTY = new MerkleNode(null);

    private final byte[] digest;

    private MerkleNode(byte[] digest) {
        this.digest = digest;
    }

    public static MerkleNode digest(byte[] digest) {
        if (digest.length != Blake2b256.DIGEST_LENGTH) {
            throw new IllegalArgumentException("a Merkle node is 32 bytes, got " + digest.length);
        }
        return new MerkleNode(digest.clone());
    }

    public boolean isEmpty() {
        return digest == null;
    }

    /** The bytes that enter a hash: the digest, or 32 zero bytes for the empty node. */
    public byte[] bytes() {
        return digest == null ? new byte[Blake2b256.DIGEST_LENGTH] : digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleNode other && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return digest == null ? "Empty" : HexFormat.of().formatHex(digest);
    }
}
