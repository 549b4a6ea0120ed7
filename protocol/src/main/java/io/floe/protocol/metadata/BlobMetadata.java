package io.floe.protocol.metadata;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.merkle.Blake2b256;
import io.floe.protocol.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * What a blob is, independent of its bytes: encoding type {@code RS2}, unencoded length and the Merkle roots of
 * every sliver pair. Its hash is the blob ID.
 */
public final class BlobMetadata {
    /** Walrus' encoding-type byte for Red Stuff with Reed–Solomon. */
    public static final int ENCODING_TYPE_RS2 = 1;
    private static final int METADATA_V1 = 0;

    private final long unencodedLength;
    private final List<SliverPairHashes> hashes;

    public BlobMetadata(long unencodedLength, List<SliverPairHashes> hashes) {
        if (unencodedLength < 0) {
            throw new IllegalArgumentException("unencoded length is negative: " + unencodedLength);
        }
        if (hashes.size() < EncodingConfig.MIN_SHARDS || hashes.size() > EncodingConfig.MAX_SHARDS) {
            throw new IllegalArgumentException("metadata for " + hashes.size() + " shards; expected 4.."
                    + EncodingConfig.MAX_SHARDS);
        }
        this.unencodedLength = unencodedLength;
        this.hashes = List.copyOf(hashes);
    }

    public long unencodedLength() {
        return unencodedLength;
    }

    /** The number of shards (and sliver pairs) this blob was encoded for. */
    public int shards() {
        return hashes.size();
    }

    public List<SliverPairHashes> hashes() {
        return hashes;
    }

    public SliverPairHashes pair(int pair) {
        return hashes.get(pair);
    }

    /** The Merkle root over the pairs' {@code primary ‖ secondary} hashes. */
    public byte[] rootHash() {
        List<byte[]> items = new ArrayList<>(hashes.size());
        for (SliverPairHashes pair : hashes) {
            items.add(pair.concatenated());
        }
        return MerkleTree.build(items).root();
    }

    /** {@code BLAKE2b256(0x01 ‖ u64LE(length) ‖ root)}. */
    public BlobId blobId() {
        byte[] length = new BcsWriter(8).u64(unencodedLength).toByteArray();
        byte[] root = rootHash();
        byte[] digest = Blake2b256.get().update((byte) ENCODING_TYPE_RS2).update(length).update(root).digest();
        return BlobId.of(digest);
    }

    /** BCS: {@code 00 (V1) ‖ 01 (RS2) ‖ u64 length ‖ uleb n ‖ n × (01 ‖ primary, 01 ‖ secondary)}. */
    public byte[] toBcs() {
        BcsWriter writer = new BcsWriter(16 + hashes.size() * 66);
        writeTo(writer);
        return writer.toByteArray();
    }

    void writeTo(BcsWriter writer) {
        writer.u8(METADATA_V1).u8(ENCODING_TYPE_RS2).u64(unencodedLength).uleb128(hashes.size());
        for (SliverPairHashes pair : hashes) {
            writer.u8(1).fixedBytes(pair.primary()).u8(1).fixedBytes(pair.secondary());
        }
    }

    /** Parses BCS metadata; rejects unknown versions or encodings, bad node tags and trailing bytes. */
    public static BlobMetadata fromBcs(byte[] bcs) {
        BcsReader reader = new BcsReader(bcs);
        BlobMetadata metadata = readFrom(reader);
        reader.finish("blob metadata");
        return metadata;
    }

    static BlobMetadata readFrom(BcsReader reader) {
        int version = reader.uleb128("metadata version");
        if (version != METADATA_V1) {
            throw new BcsException("unknown metadata version " + version);
        }
        int encoding = reader.u8("encoding type");
        if (encoding != ENCODING_TYPE_RS2) {
            throw new BcsException("unsupported encoding type " + encoding + "; only RS2 (1) is supported");
        }
        long length = reader.u64("unencoded length");
        if (length < 0) {
            throw new BcsException("unencoded length does not fit a signed 64-bit integer");
        }
        int shards = reader.uleb128("shard count");
        if (shards < EncodingConfig.MIN_SHARDS || shards > EncodingConfig.MAX_SHARDS) {
            throw new BcsException("metadata for " + shards + " shards; expected 4.." + EncodingConfig.MAX_SHARDS);
        }
        if (reader.remaining() < (long) shards * 66) {
            throw new BcsException("truncated input: " + shards + " pair hashes need " + shards * 66L
                    + " bytes, " + reader.remaining() + " left");
        }
        List<SliverPairHashes> hashes = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            byte[] primary = readDigestNode(reader, "primary hash of pair " + i);
            byte[] secondary = readDigestNode(reader, "secondary hash of pair " + i);
            hashes.add(new SliverPairHashes(primary, secondary));
        }
        try {
            EncodingConfig.forShards(shards).symbolSize(length);
        } catch (IllegalArgumentException e) {
            throw new BcsException("metadata length invalid: " + e.getMessage());
        }
        return new BlobMetadata(length, hashes);
    }

    private static byte[] readDigestNode(BcsReader reader, String what) {
        int tag = reader.uleb128(what + " tag");
        if (tag != 1) {
            throw new BcsException(what + ": expected a digest node (1), got tag " + tag);
        }
        return reader.fixedBytes(SliverPairHashes.HASH_LENGTH, what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobMetadata other && unencodedLength == other.unencodedLength
                && hashes.equals(other.hashes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(unencodedLength) * 31 + hashes.hashCode();
    }
}
