package io.floe.protocol;

import jdk.incubator.vector.VectorShape;

/** Kept apart from {@link Simd} so that the Vector API is only touched once its module is known to be there. */
final class PreferredVectors {
    private PreferredVectors() {
    }

    /** Whether this machine's vectors have 256 bits or more; with fewer the API would emulate the wider ones slowly. */
    static boolean haveAtLeast256Bits() {
        return VectorShape.preferredShape().vectorBitSize() >= 256;
    }
}
