package io.floe.protocol.recovery;

import io.floe.protocol.encoding.SliverExpansion;

/** What the holder of a sliver computes for others: the recovery symbol towards any target sliver of the other type. */
public final class RecoverySymbols {
    private RecoverySymbols() {
    }

    /**
     * The symbol at {@code targetIndex} of a verified source sliver's expansion, with its proof: for a source
     * secondary sliver {@code j} and target primary sliver {@code i} that is {@code E[i][j]}, and symmetrically.
     */
    public static RecoverySymbol forTarget(SliverExpansion source, int targetIndex) {
        return new RecoverySymbol(source.sliver().type(), source.sliver().index(), source.symbol(targetIndex),
                source.tree().proof(targetIndex));
    }
}
