package io.floe.protocol.rs;

import io.floe.protocol.gf.AdditiveFft;
import io.floe.protocol.gf.GF16;

/**
 * The systematic Reed–Solomon code of the reference library for {@code k} originals and {@code m} recovery
 * symbols over GF(2^16), with its rate choice, its additive-FFT encoder and an O(N log N) erasure decoder.
 *
 * <p>Codeword positions: {@code q < k} is original {@code q}; {@code k + j} is recovery symbol {@code j}. Every
 * position is an evaluation of one polynomial at a domain point; {@link #pointOf(int)} says which. Symbols are
 * {@code width} field elements; every element position is an independent codeword, so callers batch many
 * codewords into one call by widening the symbols.
 */
public final class ReedSolomonCode {
    private final int originals;
    private final int recovery;
    private final boolean highRate;
    private final int chunk;
    private final int encodeWorkSymbols;
    private final int domain;
    private final int degreeBound;

    public ReedSolomonCode(int originals, int recovery) {
        if (originals <= 0 || recovery <= 0) {
            throw new IllegalArgumentException("a code needs originals and recovery symbols: k=" + originals
                    + ", m=" + recovery);
        }
        if (originals + recovery > GF16.ORDER) {
            throw new IllegalArgumentException("k + m = " + (originals + recovery) + " exceeds 65536");
        }
        this.originals = originals;
        this.recovery = recovery;
        int kp = nextPowerOfTwo(originals);
        int mp = nextPowerOfTwo(recovery);
        this.highRate = kp > mp || (kp == mp && originals <= recovery);
        if (highRate) {
            chunk = mp;
            int chunks = ceilDiv(originals, chunk);
            encodeWorkSymbols = chunks * chunk;
            // Points: recovery j at j, original q at chunk + q, zeros up to the domain's end. The interpolants of
            // all chunks (recovery included) sum to zero, so the codeword has degree < domain - chunk.
            domain = nextPowerOfTwo(chunk * (chunks + 1));
            degreeBound = domain - chunk;
        } else {
            chunk = kp;
            encodeWorkSymbols = Math.max(ceilDiv(recovery, chunk), 1) * chunk;
            // Points: original q at q, zeros on [k, chunk), recovery j at chunk + j; degree < chunk.
            domain = nextPowerOfTwo(chunk + recovery);
            degreeBound = chunk;
        }
        if (domain > GF16.ORDER) {
            throw new IllegalArgumentException("k=" + originals + ", m=" + recovery + " needs more than 65536 points");
        }
    }

    public int originals() {
        return originals;
    }

    public int recovery() {
        return recovery;
    }

    public int length() {
        return originals + recovery;
    }

    public boolean isHighRate() {
        return highRate;
    }

    /** Symbols in the encoder's work buffer (originals first, then zeros). */
    public int encodeWorkSymbols() {
        return encodeWorkSymbols;
    }

    /** Symbols in the decoder's work buffer: the size of the evaluation domain. */
    public int decodeWorkSymbols() {
        return domain;
    }

    /** The domain point at which codeword position {@code position} is an evaluation. */
    public int pointOf(int position) {
        if (position < 0 || position >= originals + recovery) {
            throw new IndexOutOfBoundsException("position " + position + " outside a codeword of " + length());
        }
        if (highRate) {
            return position < originals ? chunk + position : position - originals;
        }
        return position < originals ? position : chunk + position - originals;
    }

    /**
     * Encodes in place: {@code work} holds {@link #encodeWorkSymbols()} symbols of {@code width} elements, the
     * {@code k} originals first and zeros after. Afterwards recovery symbol {@code j} is at symbol {@code j}.
     */
    public void encode(char[] work, int width) {
        if (work.length < encodeWorkSymbols * width) {
            throw new IllegalArgumentException("work buffer too small: " + work.length + " < "
                    + encodeWorkSymbols * width);
        }
        if (highRate) {
            encodeHighRate(work, width);
        } else {
            encodeLowRate(work, width);
        }
    }

    private void encodeHighRate(char[] work, int width) {
        AdditiveFft.ifft(work, width, 0, chunk, Math.min(originals, chunk), chunk);
        for (int t = chunk; t < originals; t += chunk) {
            int trunc = Math.min(chunk, originals - t);
            AdditiveFft.ifft(work, width, t, chunk, trunc, t + chunk);
            GF16.xor(work, 0, work, t * width, chunk * width);
        }
        AdditiveFft.fft(work, width, 0, chunk, recovery, 0);
    }

    private void encodeLowRate(char[] work, int width) {
        AdditiveFft.ifft(work, width, 0, chunk, originals, 0);
        for (int t = chunk; t < recovery; t += chunk) {
            System.arraycopy(work, 0, work, t * width, chunk * width);
        }
        for (int t = 0; t < recovery; t += chunk) {
            int trunc = t + chunk <= recovery ? chunk : recovery % chunk;
            AdditiveFft.fft(work, width, t, chunk, trunc, t + chunk);
        }
    }

    /** Prepares decoding when exactly the positions marked {@code present} were received. */
    public ErasurePattern erasurePattern(boolean[] present) {
        if (present.length != length()) {
            throw new IllegalArgumentException("erasure pattern of " + present.length + " positions for a code of "
                    + length());
        }
        int received = 0;
        for (boolean p : present) {
            if (p) {
                received++;
            }
        }
        if (received < originals) {
            throw new IllegalArgumentException("cannot decode from " + received + " symbols; at least "
                    + originals + " are needed");
        }
        boolean[] known = new boolean[domain];
        for (int q = 0; q < length(); q++) {
            if (present[q]) {
                known[pointOf(q)] = true;
            }
        }
        if (highRate) {
            for (int point = chunk + originals; point < domain; point++) {
                known[point] = true;
            }
        } else {
            for (int point = originals; point < chunk; point++) {
                known[point] = true;
            }
            for (int point = chunk + recovery; point < domain; point++) {
                known[point] = false;
            }
        }
        boolean[] erased = new boolean[domain];
        for (int point = 0; point < domain; point++) {
            erased[point] = !known[point];
        }
        return new ErasurePattern(present.clone(), AdditiveFft.errorLocatorLogs(erased));
    }

    /**
     * Decodes in place: {@code work} holds {@link #decodeWorkSymbols()} symbols of {@code width} elements, with
     * each received position {@code q} at symbol {@link #pointOf(int) pointOf(q)} and zeros everywhere else.
     * Afterwards every position erased in {@code pattern} has its value at its point.
     */
    public void decode(ErasurePattern pattern, char[] work, int width) {
        decode(pattern, work, width, length());
    }

    /** As {@link #decode}, but only erased originals are restored (the FFT stops early; recovery points hold garbage). */
    public void decodeOriginals(ErasurePattern pattern, char[] work, int width) {
        decode(pattern, work, width, originals);
    }

    private void decode(ErasurePattern pattern, char[] work, int width, int positionsNeeded) {
        if (work.length < domain * width) {
            throw new IllegalArgumentException("work buffer too small: " + work.length + " < " + domain * width);
        }
        int[] locator = pattern.locatorLogs();
        boolean[] present = pattern.present();
        for (int q = 0; q < length(); q++) {
            if (present[q]) {
                int point = pointOf(q);
                GF16.mulLogInPlace(work, point * width, width, locator[point]);
            }
        }
        // Inputs past the last received point are zero; outputs past the last needed point are not computed.
        int inputEnd = highRate ? chunk + originals : chunk + recovery;
        int outputEnd = 0;
        for (int q = 0; q < positionsNeeded; q++) {
            outputEnd = Math.max(outputEnd, pointOf(q) + 1);
        }
        AdditiveFft.ifft(work, width, 0, domain, inputEnd, 0);
        AdditiveFft.formalDerivative(work, width, domain);
        AdditiveFft.fft(work, width, 0, domain, outputEnd, 0);
        for (int q = 0; q < positionsNeeded; q++) {
            if (!present[q]) {
                int point = pointOf(q);
                GF16.mulLogInPlace(work, point * width, width, GF16.MODULUS - locator[point]);
            }
        }
    }

    static int nextPowerOfTwo(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Which positions were received, with the error locator's logarithms over the whole field. */
    public record ErasurePattern(boolean[] present, int[] locatorLogs) {
    }
}
