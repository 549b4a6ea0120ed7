package io.floe.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.SliverType;
import java.util.Arrays;
import java.util.Comparator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Key order must be field order, or range scans by shard, blob and end epoch return the wrong rows. */
class KeyLayoutTest {
    private static final Comparator<SliverKey> SLIVER_ORDER = Comparator.comparingInt(SliverKey::shard)
            .thenComparing(SliverKey::blobId).thenComparing(SliverKey::type);

    record SliverKey(int shard, BlobId blobId, SliverType type) {
        byte[] bytes() {
            return KeyLayout.sliver(shard, blobId, type);
        }
    }

    @Property
    void sliverKeysSortLikeShardThenBlobIdThenType(@ForAll("sliverKeys") SliverKey a,
            @ForAll("sliverKeys") SliverKey b) {
        assertEquals(Integer.signum(SLIVER_ORDER.compare(a, b)),
                Integer.signum(Arrays.compareUnsigned(a.bytes(), b.bytes())));
    }

    @Property
    void expiryKeysSortLikeEndEpochThenBlobId(@ForAll @LongRange(min = 0) long epochA, @ForAll("blobIds") BlobId a,
            @ForAll @LongRange(min = 0) long epochB, @ForAll("blobIds") BlobId b) {
        int expected = epochA != epochB ? Long.compare(epochA, epochB) : a.compareTo(b);
        assertEquals(Integer.signum(expected),
                Integer.signum(Arrays.compareUnsigned(KeyLayout.expiry(epochA, a), KeyLayout.expiry(epochB, b))));
        assertEquals(epochA, KeyLayout.endEpochOfExpiryKey(KeyLayout.expiry(epochA, a)));
    }

    @Property
    void keysNameTheirBlob(@ForAll @IntRange(min = 0, max = 0xFFFF) int shard, @ForAll("blobIds") BlobId blobId) {
        assertEquals(blobId, KeyLayout.blobIdOf(KeyLayout.sliver(shard, blobId, SliverType.SECONDARY)));
        assertEquals(blobId, KeyLayout.blobIdOf(KeyLayout.sliverLength(shard, blobId, SliverType.PRIMARY)));
        assertEquals(blobId, KeyLayout.blobIdOf(KeyLayout.metadata(blobId)));
        assertEquals(blobId, KeyLayout.blobIdOf(KeyLayout.blobInfo(blobId)));
        assertEquals("sliver/" + shard + "/" + blobId + "/secondary",
                KeyLayout.describe(KeyLayout.sliver(shard, blobId, SliverType.SECONDARY)));
    }

    @Test
    void keysWithoutABlobAreDescribedByTheirName() {
        assertEquals("node-state/epoch", KeyLayout.describe(KeyLayout.nodeState("epoch")));
        assertEquals("store-meta/sliver-bytes", KeyLayout.describe(KeyLayout.SLIVER_BYTES_KEY));
        assertEquals("raw/730102", KeyLayout.describe(new byte[] {'s', 1, 2}));
        assertEquals(null, KeyLayout.blobIdOf(KeyLayout.nodeState("epoch")));
    }

    @Provide
    Arbitrary<SliverKey> sliverKeys() {
        // Few distinct values per field, so that pairs often tie on the leading fields.
        Arbitrary<Integer> shards = Arbitraries.of(0, 1, 255, 256, 0xFFFE, 0xFFFF);
        Arbitrary<BlobId> blobIds = Arbitraries.oneOf(blobIds(), Arbitraries.of(blob(0), blob(0x7F), blob(0xFF)));
        return Combinators.combine(shards, blobIds, Arbitraries.of(SliverType.class))
                .as(SliverKey::new);
    }

    @Provide
    Arbitrary<BlobId> blobIds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(BlobId.LENGTH).map(BlobId::of);
    }

    private static BlobId blob(int fill) {
        byte[] bytes = new byte[BlobId.LENGTH];
        Arrays.fill(bytes, (byte) fill);
        return BlobId.of(bytes);
    }
}
