package io.floe.protocol.recovery;

import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.merkle.MerkleProof;
import io.floe.protocol.merkle.MerkleProofCodec;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.Arrays;

/**
 * One symbol of the expanded matrix, computed by the holder of a source sliver to help rebuild a target sliver of
 * the other type, with the Merkle proof that it sits at the target's position in the source's expansion.
 *
 * <p>BCS: {@code u16 sourceIndex ‖ uleb len ‖ data ‖ MerkleProof}; the axis is known from context.
 */
public final class RecoverySymbol {
    private final SliverType sourceType;
    private final int sourceIndex;
    private final byte[] data;
    private final MerkleProof proof;

    public RecoverySymbol(SliverType sourceType, int sourceIndex, byte[] data, MerkleProof proof) {
        if (sourceIndex < 0 || sourceIndex > 0xFFFF) {
            throw new IllegalArgumentException("source sliver index out of range: " + sourceIndex);
        }
        this.sourceType = sourceType;
        this.sourceIndex = sourceIndex;
        this.data = data.clone();
        this.proof = proof;
    }

    /** The type of the sliver the symbol was computed from (the other type than the target's). */
    public SliverType sourceType() {
        return sourceType;
    }

    /** The sliver index of the source, which is also the symbol's position in the target's codeword. */
    public int sourceIndex() {
        return sourceIndex;
    }

    public byte[] data() {
        return data.clone();
    }

    public MerkleProof proof() {
        return proof;
    }

    /** Whether the proof places this symbol at {@code targetIndex} under the source sliver's hash in the metadata. */
    public boolean verifies(BlobMetadata metadata, int targetIndex) {
        int n = metadata.shards();
        if (sourceIndex >= n || targetIndex < 0 || targetIndex >= n) {
            return false;
        }
        int expectedSize = EncodingConfig.forShards(n).symbolSize(metadata.unencodedLength());
        if (data.length != expectedSize) {
            return false;
        }
        byte[] root = metadata.pair(sourceType.pairOfSliverIndex(sourceIndex, n)).of(sourceType);
        return proof.verifies(root, data, targetIndex, n);
    }

    public void writeTo(BcsWriter writer) {
        writer.u16(sourceIndex).bytes(data);
        MerkleProofCodec.write(writer, proof);
    }

    public byte[] toBcs() {
        BcsWriter writer = new BcsWriter(data.length + 16 + 33 * proof.path().size());
        writeTo(writer);
        return writer.toByteArray();
    }

    public static RecoverySymbol readFrom(BcsReader reader, SliverType sourceType) {
        int index = reader.u16("recovery symbol index");
        byte[] data = reader.bytes("recovery symbol data");
        MerkleProof proof = MerkleProofCodec.read(reader);
        return new RecoverySymbol(sourceType, index, data, proof);
    }

    public static RecoverySymbol fromBcs(byte[] bcs, SliverType sourceType) {
        BcsReader reader = new BcsReader(bcs);
        RecoverySymbol symbol = readFrom(reader, sourceType);
        reader.finish("recovery symbol");
        return symbol;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoverySymbol other && sourceType == other.sourceType && sourceIndex == other.sourceIndex
                && Arrays.equals(data, other.data) && proof.equals(other.proof);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sourceIndex + Arrays.hashCode(data)) + proof.hashCode();
    }
}
