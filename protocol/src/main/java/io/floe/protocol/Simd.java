package io.floe.protocol;

/**
 * Whether the codec's hot loops (its FFT's GF(2^16) butterflies, BLAKE2b over Merkle leaves) run on the JDK's
 * incubating Vector API: the JVM was started with {@code --add-modules jdk.incubator.vector} (nodes are, by {@code floe up} and the
 * deploy image; the command line is not, as its short runs would spend their time in the vector code's interpreted
 * warm-up), the machine has 256-bit vectors (AVX2 or better), and {@value #PROPERTY} is not {@code false}. Both
 * paths compute the same bytes.
 */
public final class Simd {
    /** The system property that turns the vector paths off: {@code -Dfloe.codec.simd=false}. */
    public static final String PROPERTY = "floe.codec.simd";
    /** Whether the vector paths run in this JVM. */
    public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && PreferredVectors.haveAtLeast256Bits();

    private Simd() {
    }
}
