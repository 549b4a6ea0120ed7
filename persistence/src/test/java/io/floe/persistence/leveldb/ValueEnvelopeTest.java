package io.floe.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floe.persistence.CorruptValueException;
import java.util.Arrays;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The value frame: payloads round-trip, and any damage to a value or its key is detected. */
class ValueEnvelopeTest {

    @Property
    void payloadsRoundTrip(@ForAll @Size(max = 64) byte[] key, @ForAll @Size(max = 2048) byte[] payload) {
        assertArrayEquals(payload, ValueEnvelope.open(key, ValueEnvelope.seal(key, payload)));
    }

    @Property
    void anyFlippedBitIsDetected(@ForAll @Size(min = 1, max = 64) byte[] key,
            @ForAll @Size(max = 2048) byte[] payload, @ForAll @IntRange(min = 0, max = 1 << 20) int position,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] value = ValueEnvelope.seal(key, payload);
        value[position % value.length] ^= (byte) (1 << bit);

        assertThrows(CorruptValueException.class, () -> ValueEnvelope.open(key, value));
    }

    @Property
    void aValueReadUnderAnotherKeyIsDetected(@ForAll @Size(max = 64) byte[] key, @ForAll @Size(max = 64) byte[] other,
            @ForAll @Size(max = 256) byte[] payload) {
        Assume.that(!Arrays.equals(key, other));

        assertThrows(CorruptValueException.class, () -> ValueEnvelope.open(other, ValueEnvelope.seal(key, payload)));
    }

    @Property
    void truncatedValuesAreDetected(@ForAll @Size(max = 256) byte[] payload,
            @ForAll @IntRange(min = 1, max = 300) int cut) {
        byte[] key = {'n', 'k'};
        byte[] value = ValueEnvelope.seal(key, payload);
        byte[] truncated = Arrays.copyOf(value, Math.max(0, value.length - cut));

        assertThrows(CorruptValueException.class, () -> ValueEnvelope.open(key, truncated));
    }
}
