package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.protocol.recovery.RecoverySymbols;
import io.floe.protocol.recovery.SliverRecovery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips of the whole Red Stuff pipeline for random blobs and committee sizes 4..1000. */
class RedStuffPropertiesTest {

    @Provide
    Arbitrary<Integer> shardCounts() {
        // Mostly small committees (fast), with enough large ones to cover both rates and multi-chunk codes.
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(4, 40)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(41, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(301, 1000)));
    }

    private static byte[] randomBlob(Random random, EncodingConfig config, int maxLength) {
        int length = (int) Math.min(config.maxBlobSize(), random.nextInt(maxLength + 1));
        byte[] blob = new byte[length];
        random.nextBytes(blob);
        return blob;
    }

    private static <T> List<T> randomSubset(List<T> all, int size, Random random) {
        List<T> copy = new ArrayList<>(all);
        Collections.shuffle(copy, random);
        return copy.subList(0, size);
    }

    @Property(tries = 40)
    void anyPrimarySubsetOfSizePDecodesTheBlob(@ForAll("shardCounts") int n, @ForAll long seed) {
        decodesFromARandomSubset(n, seed, SliverType.PRIMARY);
    }

    @Property(tries = 25)
    void anySecondarySubsetOfSizeSDecodesTheBlob(@ForAll("shardCounts") int n, @ForAll long seed) {
        decodesFromARandomSubset(n, seed, SliverType.SECONDARY);
    }

    @Property(tries = 25)
    void theSystematicPrimarySliversDecodeTheBlobByConcatenation(@ForAll("shardCounts") int n, @ForAll long seed) {
        Random random = new Random(seed);
        EncodingConfig config = EncodingConfig.forShards(n);
        byte[] blob = randomBlob(random, config, 20_000);
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        List<Sliver> systematic = new ArrayList<>();
        for (int i = config.primarySourceSymbols() - 1; i >= 0; i--) {
            systematic.add(expanded.primarySliver(i));
        }
        Collections.shuffle(systematic, random);

        assertArrayEquals(blob, BlobDecoder.decodeFromPrimary(expanded.metadata(), systematic, false));
    }

    private static void decodesFromARandomSubset(int n, long seed, SliverType type) {
        Random random = new Random(seed);
        EncodingConfig config = EncodingConfig.forShards(n);
        byte[] blob = randomBlob(random, config, 20_000);
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        List<Sliver> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(type == SliverType.PRIMARY ? expanded.primarySliver(i) : expanded.secondarySliver(i));
        }
        if (type == SliverType.PRIMARY) {
            List<Sliver> subset = randomSubset(all, config.primarySourceSymbols(), random);
            assertArrayEquals(blob, BlobDecoder.decodeFromPrimary(expanded.metadata(), subset, false));
        } else {
            List<Sliver> subset = randomSubset(all, config.secondarySourceSymbols(), random);
            assertArrayEquals(blob, BlobDecoder.decodeFromSecondary(expanded.metadata(), subset, false));
        }
    }

    @Property(tries = 40)
    void aLostSliverIsRecoveredExactlyFromRandomSufficientSymbols(@ForAll("shardCounts") int n, @ForAll long seed) {
        Random random = new Random(seed);
        EncodingConfig config = EncodingConfig.forShards(n);
        byte[] blob = randomBlob(random, config, 10_000);
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        BlobMetadata metadata = expanded.metadata();
        SliverType targetType = random.nextBoolean() ? SliverType.PRIMARY : SliverType.SECONDARY;
        int target = random.nextInt(n);
        Sliver lost = targetType == SliverType.PRIMARY ? expanded.primarySliver(target) : expanded.secondarySliver(target);

        int needed = SliverRecovery.symbolsNeeded(config, targetType);
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(i);
        }
        Collections.shuffle(sources, random);
        int count = needed + random.nextInt(n - needed + 1);
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int source : sources.subList(0, count)) {
            Sliver sourceSliver = targetType == SliverType.PRIMARY
                    ? expanded.secondarySliver(source) : expanded.primarySliver(source);
            symbols.add(RecoverySymbols.forTarget(SliverVerifier.verify(metadata, sourceSliver), target));
        }
        SliverRecovery.Result result = SliverRecovery.recover(metadata, targetType, target, symbols);
        SliverRecovery.Recovered recovered = assertInstanceOf(SliverRecovery.Recovered.class, result);
        assertEquals(lost, recovered.sliver());
    }

    @Property(tries = 30)
    void aFlippedByteInAnySliverOrSymbolIsRejected(@ForAll("shardCounts") int n, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        Random random = new Random(seed);
        EncodingConfig config = EncodingConfig.forShards(n);
        byte[] blob = randomBlob(random, config, 5_000);
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        BlobMetadata metadata = expanded.metadata();
        boolean primary = random.nextBoolean();
        int index = random.nextInt(n);
        Sliver good = primary ? expanded.primarySliver(index) : expanded.secondarySliver(index);
        SliverExpansion expansion = SliverVerifier.verify(metadata, good);

        byte[] data = good.data().clone();
        data[random.nextInt(data.length)] ^= (byte) (1 << bit);
        Sliver bad = new Sliver(good.type(), good.index(), good.symbolSize(), data);
        assertThrows(SliverVerificationException.class, () -> SliverVerifier.verify(metadata, bad));

        int target = random.nextInt(n);
        RecoverySymbol symbol = RecoverySymbols.forTarget(expansion, target);
        byte[] symbolData = symbol.data();
        symbolData[random.nextInt(symbolData.length)] ^= (byte) (1 << bit);
        RecoverySymbol flipped = new RecoverySymbol(symbol.sourceType(), symbol.sourceIndex(), symbolData, symbol.proof());
        assertFalse(flipped.verifies(metadata, target));
        int other = (target + 1) % n;
        if (!java.util.Arrays.equals(expansion.symbol(other), symbol.data())) {
            assertFalse(symbol.verifies(metadata, other), "a symbol proven for one position passes for another");
        }
    }
}
