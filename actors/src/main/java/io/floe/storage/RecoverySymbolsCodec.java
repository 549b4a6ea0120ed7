package io.floe.storage;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.recovery.RecoverySymbol;
import java.util.ArrayList;
import java.util.List;

/** The BCS body of {@code GET .../recoverySymbols}: {@code uleb count ‖ count × RecoverySymbol}. */
public final class RecoverySymbolsCodec {
    private RecoverySymbolsCodec() {
    }

    /** Encodes a list of symbols. */
    public static byte[] encode(List<RecoverySymbol> symbols) {
        BcsWriter writer = new BcsWriter();
        writer.uleb128(symbols.size());
        for (RecoverySymbol symbol : symbols) {
            symbol.writeTo(writer);
        }
        return writer.toByteArray();
    }

    /** Strictly decodes symbols computed from slivers of {@code sourceType}. */
    public static List<RecoverySymbol> decode(byte[] bcs, SliverType sourceType) {
        BcsReader reader = new BcsReader(bcs);
        int count = reader.uleb128("recovery symbol count");
        if (count > EncodingConfig.MAX_SHARDS) {
            throw new BcsException(count + " recovery symbols are more than any committee has slivers");
        }
        List<RecoverySymbol> symbols = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            symbols.add(RecoverySymbol.readFrom(reader, sourceType));
        }
        reader.finish("recovery symbols");
        return symbols;
    }
}
