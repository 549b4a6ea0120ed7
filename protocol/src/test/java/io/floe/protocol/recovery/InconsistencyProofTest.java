package io.floe.protocol.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.TestInputs;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.encoding.BlobDecoder;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.InconsistentBlobException;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.merkle.MerkleTree;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.SliverPairHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A writer that commits to a matrix that is not a codeword is caught by recovery, and the proof convinces others. */
class InconsistencyProofTest {
    private static final int N = 10;

    /** The expanded matrix of a real blob with one symbol changed, and metadata computed over the changed matrix. */
    private static final class TamperedBlob {
        final byte[][][] symbols = new byte[N][N][];
        final BlobMetadata metadata;
        final EncodingConfig config = EncodingConfig.forShards(N);
        final int symbolSize;

        TamperedBlob(byte[] blob, int row, int column) {
            ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
            symbolSize = expanded.symbolSize();
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    symbols[i][j] = expanded.symbol(i, j);
                }
            }
            symbols[row][column][0] ^= 0x5A;
            List<SliverPairHashes> pairs = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                pairs.add(new SliverPairHashes(rowTree(i).root(), columnTree(N - 1 - i).root()));
            }
            metadata = new BlobMetadata(blob.length, pairs);
        }

        MerkleTree rowTree(int i) {
            return MerkleTree.build(Arrays.asList(symbols[i]));
        }

        MerkleTree columnTree(int j) {
            List<byte[]> column = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                column.add(symbols[i][j]);
            }
            return MerkleTree.build(column);
        }

        /** The symbols a holder of each secondary sliver would send towards primary sliver {@code target}. */
        List<RecoverySymbol> symbolsTowardsPrimary(int target) {
            List<RecoverySymbol> out = new ArrayList<>();
            for (int j = 0; j < N; j++) {
                out.add(new RecoverySymbol(SliverType.SECONDARY, j, symbols[target][j], columnTree(j).proof(target)));
            }
            return out;
        }

        Sliver primarySliver(int i) {
            byte[] data = new byte[config.secondarySourceSymbols() * symbolSize];
            for (int j = 0; j < config.secondarySourceSymbols(); j++) {
                System.arraycopy(symbols[i][j], 0, data, j * symbolSize, symbolSize);
            }
            return new Sliver(SliverType.PRIMARY, i, symbolSize, data);
        }
    }

    @Test
    void recoveringFromAnInconsistentEncodingYieldsAProofThatVerifies() {
        byte[] blob = TestInputs.xorshift32(99, 3000);
        int p = EncodingConfig.forShards(N).primarySourceSymbols();
        TamperedBlob tampered = new TamperedBlob(blob, p, 2);

        SliverRecovery.Result result = SliverRecovery.recover(tampered.metadata, SliverType.PRIMARY, p,
                tampered.symbolsTowardsPrimary(p));
        InconsistencyProof proof = assertInstanceOf(SliverRecovery.Inconsistent.class, result).proof();

        assertNull(proof.rejectionReason(tampered.metadata));
        InconsistencyProof decoded = InconsistencyProof.fromBcs(proof.toBcs(), SliverType.PRIMARY);
        assertEquals(proof, decoded);
        assertTrue(decoded.verifies(tampered.metadata));
    }

    @Test
    void aProofAgainstAConsistentBlobIsRejected() {
        byte[] blob = TestInputs.xorshift32(7, 3000);
        ExpandedBlob expanded = ExpandedBlob.encode(EncodingConfig.forShards(N), blob);
        int needed = SliverRecovery.symbolsNeeded(expanded.config(), SliverType.PRIMARY);
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int j = 0; j < needed; j++) {
            symbols.add(RecoverySymbols.forTarget(SliverVerifier.verify(expanded.metadata(), expanded.secondarySliver(j)), 3));
        }
        InconsistencyProof proof = new InconsistencyProof(SliverType.PRIMARY, 3, symbols);
        assertEquals("the symbols decode to a sliver that matches the metadata; the blob is consistent",
                proof.rejectionReason(expanded.metadata()));
        InconsistencyProof tooFew = new InconsistencyProof(SliverType.PRIMARY, 3, symbols.subList(0, needed - 1));
        assertEquals("an inconsistency proof for a primary sliver needs exactly 7 symbols, got 6",
                tooFew.rejectionReason(expanded.metadata()));
    }

    @Test
    void decodingAnInconsistentBlobFailsInsteadOfReturningWrongBytes() {
        byte[] blob = TestInputs.xorshift32(5, 3000);
        EncodingConfig config = EncodingConfig.forShards(N);
        int p = config.primarySourceSymbols();
        // Tamper a systematic symbol: its row still verifies as given, but rows rebuilt from others do not match.
        TamperedBlob tampered = new TamperedBlob(blob, 0, 1);
        List<Sliver> slivers = new ArrayList<>();
        for (int i = 1; i <= p; i++) {
            slivers.add(tampered.primarySliver(i));
        }
        assertThrows(InconsistentBlobException.class,
                () -> BlobDecoder.decodeFromPrimary(tampered.metadata, slivers, true));
    }

    @Test
    void malformedProofBytesAreRejected() {
        assertThrows(BcsException.class, () -> InconsistencyProof.fromBcs(new byte[] {1}, SliverType.PRIMARY));
        assertThrows(BcsException.class, () -> InconsistencyProof.fromBcs(new byte[] {1, 0, 1}, SliverType.PRIMARY));
        assertThrows(BcsException.class, () -> InconsistencyProof.fromBcs(new byte[] {1, 0, 0, 9}, SliverType.PRIMARY));
    }
}
