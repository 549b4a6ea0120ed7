package io.floe.protocol.merkle;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.ArrayList;
import java.util.List;

/** BCS of a Merkle proof: {@code uleb count ‖ count × Node}, a node being {@code 00} (empty) or {@code 01 ‖ 32 bytes}. */
public final class MerkleProofCodec {
    /** Proofs deeper than this cannot come from a tree of at most 65536 leaves. */
    private static final int MAX_DEPTH = 17;

    private MerkleProofCodec() {
    }

    public static void write(BcsWriter writer, MerkleProof proof) {
        writer.uleb128(proof.path().size());
        for (MerkleNode node : proof.path()) {
            if (node.isEmpty()) {
                writer.u8(0);
            } else {
                writer.u8(1).fixedBytes(node.bytes());
            }
        }
    }

    public static MerkleProof read(BcsReader reader) {
        int count = reader.uleb128("Merkle proof length");
        if (count > MAX_DEPTH) {
            throw new BcsException("Merkle proof of " + count + " nodes is deeper than any tree here (max "
                    + MAX_DEPTH + ")");
        }
        List<MerkleNode> path = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int tag = reader.uleb128("Merkle node tag");
            switch (tag) {
                case 0 -> path.add(MerkleNode.EMPTY);
                case 1 -> path.add(MerkleNode.digest(reader.fixedBytes(Blake2b256.DIGEST_LENGTH, "Merkle node")));
                default -> throw new BcsException("unknown Merkle node tag " + tag);
            }
        }
        return new MerkleProof(path);
    }
}
