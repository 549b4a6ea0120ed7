package io.floe.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.protocol.TestInputs;
import io.floe.protocol.metadata.BlobMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Reproduces every output of the Walrus reference encoder in {@code redstuff-vectors.json}. */
class VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<JsonNode> vectors() throws IOException {
        try (InputStream in = VectorsTest.class.getResourceAsStream("/redstuff-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> out = new ArrayList<>();
            root.forEach(out::add);
            return out;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVectorIsReproduced() throws IOException {
        List<JsonNode> vectors = vectors();
        assertEquals(59, vectors.size(), "vector file changed");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(
                "n=" + v.get("n").asInt() + " " + v.get("input").asText(), () -> check(v)));
    }

    private static void check(JsonNode v) throws NoSuchAlgorithmException {
        int n = v.get("n").asInt();
        byte[] blob = TestInputs.generate(v.get("input").asText());
        assertEquals(v.get("length").asLong(), blob.length);
        EncodingConfig config = EncodingConfig.forShards(n);
        if (v.has("error")) {
            assertEquals(v.get("maxBlobSize").asLong(), config.maxBlobSize());
            BlobTooLargeException e = assertThrows(BlobTooLargeException.class, () -> ExpandedBlob.encode(config, blob));
            assertEquals(blob.length, e.length());
            return;
        }
        assertEquals(v.get("primarySourceSymbols").asInt(), config.primarySourceSymbols());
        assertEquals(v.get("secondarySourceSymbols").asInt(), config.secondarySourceSymbols());
        assertEquals(v.get("symbolSize").asInt(), config.symbolSize(blob.length));

        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        BlobMetadata metadata = expanded.metadata();
        if (v.has("pairHashes")) {
            JsonNode pairs = v.get("pairHashes");
            for (int i = 0; i < n; i++) {
                assertEquals(pairs.get(i).get(0).asText(), HEX.formatHex(metadata.pair(i).primary()), "primary hash " + i);
                assertEquals(pairs.get(i).get(1).asText(), HEX.formatHex(metadata.pair(i).secondary()), "secondary hash " + i);
            }
        }
        assertEquals(v.get("rootHash").asText(), HEX.formatHex(metadata.rootHash()));
        assertEquals(v.get("blobId").asText(), expanded.blobId().toString());
        if (v.has("sliverSha256")) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < n; i++) {
                SliverPair pair = expanded.sliverPair(i);
                JsonNode expected = v.get("sliverSha256").get(i);
                assertEquals(expected.get(0).asText(), HEX.formatHex(sha.digest(pair.primary().toBcs())), "primary sliver " + i);
                assertEquals(expected.get(1).asText(), HEX.formatHex(sha.digest(pair.secondary().toBcs())), "secondary sliver " + i);
            }
        }
        if (v.has("sliversBcs")) {
            for (int i = 0; i < n; i++) {
                SliverPair pair = expanded.sliverPair(i);
                JsonNode expected = v.get("sliversBcs").get(i);
                assertArrayEquals(HEX.parseHex(expected.get(0).asText()), pair.primary().toBcs(), "primary BCS " + i);
                assertArrayEquals(HEX.parseHex(expected.get(1).asText()), pair.secondary().toBcs(), "secondary BCS " + i);
            }
        }
        // The metadata's BCS form round-trips and names the same blob.
        assertEquals(metadata, BlobMetadata.fromBcs(metadata.toBcs()));
    }
}
