package io.floe.protocol.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ReedSolomonCodeTest {

    /** A codeword as an array of symbols: originals then recovery. */
    static char[][] codeword(ReedSolomonCode code, char[][] originals, int width) {
        char[] work = new char[code.encodeWorkSymbols() * width];
        for (int q = 0; q < code.originals(); q++) {
            System.arraycopy(originals[q], 0, work, q * width, width);
        }
        code.encode(work, width);
        char[][] out = new char[code.length()][];
        for (int q = 0; q < code.originals(); q++) {
            out[q] = originals[q].clone();
        }
        for (int j = 0; j < code.recovery(); j++) {
            out[code.originals() + j] = java.util.Arrays.copyOfRange(work, j * width, (j + 1) * width);
        }
        return out;
    }

    static char[][] decode(ReedSolomonCode code, char[][] codeword, boolean[] present, int width) {
        ReedSolomonCode.ErasurePattern pattern = code.erasurePattern(present);
        char[] work = new char[code.decodeWorkSymbols() * width];
        for (int q = 0; q < code.length(); q++) {
            if (present[q]) {
                System.arraycopy(codeword[q], 0, work, code.pointOf(q) * width, width);
            }
        }
        code.decode(pattern, work, width);
        char[][] out = new char[code.length()][];
        for (int q = 0; q < code.length(); q++) {
            int point = code.pointOf(q);
            out[q] = present[q] ? codeword[q].clone() : java.util.Arrays.copyOfRange(work, point * width, (point + 1) * width);
        }
        return out;
    }

    @Provide
    Arbitrary<int[]> codes() {
        Arbitrary<Integer> k = Arbitraries.integers().between(1, 700);
        Arbitrary<Integer> m = Arbitraries.integers().between(1, 700);
        Arbitrary<Integer> seed = Arbitraries.integers();
        return Combinators.combine(k, m, seed).as((a, b, c) -> new int[] {a, b, c});
    }

    @Property(tries = 60)
    void anyKSymbolsRecoverTheWholeCodeword(@ForAll("codes") int[] params) {
        int k = params[0];
        int m = params[1];
        Random random = new Random(params[2]);
        int width = 1 + random.nextInt(3);
        ReedSolomonCode code = new ReedSolomonCode(k, m);
        char[][] originals = new char[k][width];
        for (char[] symbol : originals) {
            for (int i = 0; i < width; i++) {
                symbol[i] = (char) random.nextInt(65536);
            }
        }
        char[][] full = codeword(code, originals, width);
        List<Integer> positions = new ArrayList<>();
        for (int q = 0; q < k + m; q++) {
            positions.add(q);
        }
        Collections.shuffle(positions, random);
        boolean[] present = new boolean[k + m];
        int keep = k + random.nextInt(m + 1);
        for (int i = 0; i < keep; i++) {
            present[positions.get(i)] = true;
        }
        char[][] decoded = decode(code, full, present, width);
        for (int q = 0; q < k + m; q++) {
            assertArrayEquals(full[q], decoded[q], "position " + q + " of k=" + k + ", m=" + m);
        }
    }

    @Test
    void rateChoiceFollowsTheReferenceLibrary() {
        assertEquals(false, new ReedSolomonCode(4, 6).isHighRate());
        assertEquals(true, new ReedSolomonCode(7, 3).isHighRate());
        assertEquals(false, new ReedSolomonCode(334, 666).isHighRate());
        assertEquals(true, new ReedSolomonCode(667, 333).isHighRate());
        assertEquals(true, new ReedSolomonCode(2, 2).isHighRate());
        assertEquals(false, new ReedSolomonCode(4, 3).isHighRate());
    }

    @Test
    void tooFewSymbolsIsAClearError() {
        ReedSolomonCode code = new ReedSolomonCode(4, 6);
        boolean[] present = new boolean[10];
        present[0] = present[5] = present[9] = true;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> code.erasurePattern(present));
        assertEquals("cannot decode from 3 symbols; at least 4 are needed", e.getMessage());
    }
}
