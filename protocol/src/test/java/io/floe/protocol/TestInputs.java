package io.floe.protocol;

import java.nio.charset.StandardCharsets;

/** Builds vector inputs from their generator specs ({@code empty}, {@code utf8:}, {@code mod251:}, {@code xorshift32:}). */
public final class TestInputs {
    private TestInputs() {
    }

    public static byte[] generate(String spec) {
        if (spec.equals("empty")) {
            return new byte[0];
        }
        if (spec.startsWith("utf8:")) {
            return spec.substring(5).getBytes(StandardCharsets.UTF_8);
        }
        if (spec.startsWith("mod251:")) {
            int length = Integer.parseInt(spec.substring(7));
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                out[i] = (byte) (i % 251);
            }
            return out;
        }
        if (spec.startsWith("xorshift32:")) {
            String[] parts = spec.split(":");
            int state = (int) Long.parseLong(parts[1]);
            int length = Integer.parseInt(parts[2]);
            return xorshift32(state, length);
        }
        throw new IllegalArgumentException("unknown input spec " + spec);
    }

    public static byte[] xorshift32(int seed, int length) {
        byte[] out = new byte[length];
        int x = seed;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            out[i] = (byte) x;
        }
        return out;
    }
}
