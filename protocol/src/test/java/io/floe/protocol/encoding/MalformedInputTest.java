package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floe.protocol.TestInputs;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.merkle.MerkleNode;
import io.floe.protocol.merkle.MerkleProof;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.protocol.recovery.RecoverySymbols;
import io.floe.protocol.recovery.SliverRecovery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Truncated slivers, wrong sizes and indices, bad proofs: a clear exception or a refusal, never a wrong result. */
class MalformedInputTest {
    private static final EncodingConfig CONFIG = EncodingConfig.forShards(10);
    private static final ExpandedBlob BLOB = ExpandedBlob.encode(CONFIG, TestInputs.xorshift32(3, 5000));
    private static final BlobMetadata METADATA = BLOB.metadata();

    @Test
    void truncatedSliverIsRejectedWithItsExpectedLength() {
        Sliver good = BLOB.primarySliver(2);
        Sliver truncated = new Sliver(SliverType.PRIMARY, 2, good.symbolSize(),
                Arrays.copyOf(good.data(), good.data().length - good.symbolSize()));
        SliverVerificationException e = assertThrows(SliverVerificationException.class,
                () -> SliverVerifier.verify(METADATA, truncated));
        assertEquals("primary sliver is " + truncated.data().length + " bytes; expected " + good.data().length, e.getMessage());
    }

    @Test
    void wrongSymbolSizeIsRejected() {
        Sliver good = BLOB.secondarySliver(1);
        byte[] data = Arrays.copyOf(good.data(), good.data().length);
        Sliver wrong = new Sliver(SliverType.SECONDARY, 1, good.symbolSize() / 2 + (good.symbolSize() / 2) % 2, data);
        assertThrows(SliverVerificationException.class, () -> SliverVerifier.verify(METADATA, wrong));
    }

    @Test
    void wrongIndexIsRejected() {
        Sliver good = BLOB.primarySliver(3);
        assertThrows(SliverVerificationException.class,
                () -> SliverVerifier.verify(METADATA, new Sliver(SliverType.PRIMARY, 4, good.symbolSize(), good.data())));
        assertThrows(SliverVerificationException.class,
                () -> SliverVerifier.verify(METADATA, new Sliver(SliverType.PRIMARY, 10, good.symbolSize(), good.data())));
        assertThrows(SliverVerificationException.class,
                () -> SliverVerifier.verify(METADATA, new Sliver(SliverType.SECONDARY, 3, good.symbolSize(), good.data())));
    }

    @Test
    void decodingRefusesTooFewOrMixedSlivers() {
        List<Sliver> few = new ArrayList<>();
        for (int i = 0; i < CONFIG.primarySourceSymbols() - 1; i++) {
            few.add(BLOB.primarySliver(i));
        }
        few.add(BLOB.primarySliver(0));
        NotEnoughSliversException e = assertThrows(NotEnoughSliversException.class,
                () -> BlobDecoder.decodeFromPrimary(METADATA, few, false));
        assertEquals("need 4 distinct primary slivers to decode, got 3", e.getMessage());
        List<Sliver> mixed = new ArrayList<>(few);
        mixed.add(BLOB.secondarySliver(5));
        assertThrows(SliverVerificationException.class, () -> BlobDecoder.decodeFromPrimary(METADATA, mixed, false));
    }

    @Test
    void aCorruptSliverAmongGoodOnesStopsDecoding() {
        List<Sliver> slivers = new ArrayList<>();
        for (int i = 0; i < CONFIG.primarySourceSymbols(); i++) {
            slivers.add(BLOB.primarySliver(i + 5));
        }
        byte[] data = slivers.get(1).data().clone();
        data[7] ^= 1;
        slivers.set(1, new Sliver(SliverType.PRIMARY, slivers.get(1).index(), slivers.get(1).symbolSize(), data));
        assertThrows(SliverVerificationException.class, () -> BlobDecoder.decodeFromPrimary(METADATA, slivers, false));
    }

    @Test
    void badProofsAreRefusedAndRecoveryCountsOnlyGoodSymbols() {
        int target = 6;
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int j = 0; j < CONFIG.secondarySourceSymbols(); j++) {
            symbols.add(RecoverySymbols.forTarget(SliverVerifier.verify(METADATA, BLOB.secondarySliver(j)), target));
        }
        RecoverySymbol good = symbols.get(0);
        List<MerkleNode> path = new ArrayList<>(good.proof().path());
        MerkleProof shorter = new MerkleProof(path.subList(0, path.size() - 1));
        path.set(0, MerkleNode.digest(new byte[32]));
        MerkleProof wrongSibling = new MerkleProof(path);
        assertFalse(new RecoverySymbol(good.sourceType(), 0, good.data(), shorter).verifies(METADATA, target));
        assertFalse(new RecoverySymbol(good.sourceType(), 0, good.data(), wrongSibling).verifies(METADATA, target));
        assertFalse(new RecoverySymbol(good.sourceType(), 1, good.data(), good.proof()).verifies(METADATA, target));

        symbols.set(0, new RecoverySymbol(good.sourceType(), 0, good.data(), wrongSibling));
        NotEnoughSliversException e = assertThrows(NotEnoughSliversException.class,
                () -> SliverRecovery.recover(METADATA, SliverType.PRIMARY, target, symbols));
        assertEquals("need 7 verified recovery symbols to rebuild primary sliver 6, got 6 (1 rejected)", e.getMessage());
    }

    @Test
    void malformedRecoverySymbolBytesAreRejected() {
        RecoverySymbol symbol = RecoverySymbols.forTarget(SliverVerifier.verify(METADATA, BLOB.secondarySliver(2)), 1);
        byte[] bcs = symbol.toBcs();
        assertEquals(symbol, RecoverySymbol.fromBcs(bcs, SliverType.SECONDARY));
        for (int cut = 0; cut < bcs.length; cut += 7) {
            int length = cut;
            assertThrows(BcsException.class, () -> RecoverySymbol.fromBcs(Arrays.copyOf(bcs, length), SliverType.SECONDARY));
        }
        assertThrows(BcsException.class, () -> RecoverySymbol.fromBcs(Arrays.copyOf(bcs, bcs.length + 1), SliverType.SECONDARY));
        byte[] badTag = bcs.clone();
        int proofStart = bcs.length - symbol.proof().path().size() * 33;
        badTag[proofStart] = 2;
        assertThrows(BcsException.class, () -> RecoverySymbol.fromBcs(badTag, SliverType.SECONDARY));
    }
}
