package io.floe.protocol.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** Our BLAKE2b-256 against Bouncy Castle's, and against a published test value. */
class Blake2b256Test {
    @Test
    void emptyInputMatchesTheKnownDigest() {
        assertEquals("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
                HexFormat.of().formatHex(Blake2b256.hash(new byte[0])));
    }

    @Property(tries = 300)
    void matchesBouncyCastleForAnyLengthAndSplit(@ForAll @IntRange(max = 1000) int length, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        random.nextBytes(data);
        Blake2bDigest reference = new Blake2bDigest(256);
        reference.update(data, 0, data.length);
        byte[] expected = new byte[32];
        reference.doFinal(expected, 0);

        Blake2b256 hasher = new Blake2b256();
        int split = length == 0 ? 0 : random.nextInt(length + 1);
        hasher.update(data, 0, split);
        for (int i = split; i < Math.min(length, split + 3); i++) {
            hasher.update(data[i]);
        }
        hasher.update(data, Math.min(length, split + 3), length - Math.min(length, split + 3));
        assertArrayEquals(expected, hasher.digest());
        // The hasher resets itself after a digest.
        assertArrayEquals(expected, hasher.update(data).digest());
    }
}
