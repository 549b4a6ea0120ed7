package io.floe.persistence;

import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.SliverPairHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/** Deterministic test values for the store contract tests. */
public final class StorageFixtures {
    private StorageFixtures() {
    }

    /** A blob ID derived from {@code seed}. */
    public static BlobId blobId(long seed) {
        return BlobId.of(bytes(seed, BlobId.LENGTH));
    }

    /** A blob ID made of 32 copies of {@code value}. */
    public static BlobId filledBlobId(int value) {
        byte[] bytes = new byte[BlobId.LENGTH];
        Arrays.fill(bytes, (byte) value);
        return BlobId.of(bytes);
    }

    /** A sliver of {@code type} with {@code symbols} two-byte symbols derived from {@code seed}. */
    public static Sliver sliver(SliverType type, int index, int symbols, long seed) {
        return new Sliver(type, index, 2, bytes(seed, 2 * symbols));
    }

    /** Metadata for four shards derived from {@code seed}. */
    public static BlobMetadata metadata(long seed) {
        List<SliverPairHashes> hashes = new ArrayList<>();
        for (int pair = 0; pair < 4; pair++) {
            hashes.add(new SliverPairHashes(bytes(seed * 31 + 2 * pair, 32), bytes(seed * 31 + 2 * pair + 1, 32)));
        }
        return new BlobMetadata(1000 + seed, hashes);
    }

    /** A registered, permanent blob info ending at {@code endEpoch}. */
    public static BlobInfo info(long endEpoch) {
        return BlobInfo.registered(4096, 1, endEpoch, false);
    }

    /** A blob info with every optional field set. */
    public static BlobInfo fullInfo(long seed) {
        return new BlobInfo(123_456 + seed, 2, 10 + seed, true, BlobStatus.CERTIFIED, OptionalLong.of(3),
                Optional.of(bytes(seed, 200)), Optional.of(bytes(seed + 1, 32)));
    }

    /** {@code length} bytes derived from {@code seed}. */
    public static byte[] bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
