package io.floe.protocol.encoding;

import io.floe.protocol.metadata.BlobMetadata;
import java.util.Arrays;

/** Checks a sliver against its blob's metadata: index, symbol size, length and the Merkle root of its expansion. */
public final class SliverVerifier {
    private SliverVerifier() {
    }

    /**
     * Verifies {@code sliver} against {@code metadata} and returns its expansion (reusable for recovery symbols).
     *
     * @throws SliverVerificationException with the reason when it does not verify
     */
    public static SliverExpansion verify(BlobMetadata metadata, Sliver sliver) {
        EncodingConfig config = EncodingConfig.forShards(metadata.shards());
        checkShape(config, metadata, sliver);
        SliverExpansion expansion = SliverExpansion.of(config, sliver);
        int pair = sliver.pairIndex(config.shards());
        byte[] expected = metadata.pair(pair).of(sliver.type());
        if (!Arrays.equals(expected, expansion.root())) {
            throw new SliverVerificationException(sliver + " does not match the metadata: its Merkle root differs");
        }
        return expansion;
    }

    /** Checks index, symbol size and length without hashing. */
    public static void checkShape(EncodingConfig config, BlobMetadata metadata, Sliver sliver) {
        int n = config.shards();
        if (sliver.index() >= n) {
            throw new SliverVerificationException("sliver index " + sliver.index() + " outside [0, " + n + ")");
        }
        int symbolSize = config.symbolSize(metadata.unencodedLength());
        if (sliver.symbolSize() != symbolSize) {
            throw new SliverVerificationException("sliver symbol size " + sliver.symbolSize()
                    + " differs from the blob's " + symbolSize);
        }
        long expectedLength = sliver.type() == SliverType.PRIMARY
                ? config.primarySliverSize(symbolSize) : config.secondarySliverSize(symbolSize);
        if (sliver.data().length != expectedLength) {
            throw new SliverVerificationException(sliver.type().pathName() + " sliver is " + sliver.data().length
                    + " bytes; expected " + expectedLength);
        }
    }
}
