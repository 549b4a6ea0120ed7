package io.floe.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

/** The tests run the codec's vector paths wherever the machine allows them, as the nodes do. */
class SimdTest {
    @Test
    void testsRunTheVectorPathsAsTheNodesDo() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the test JVM lacks --add-modules=jdk.incubator.vector (floe.test.argLine)");
        assertEquals(VectorShape.preferredShape().vectorBitSize() >= 256, Simd.ENABLED);
    }
}
