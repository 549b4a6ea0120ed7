package io.floe.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The stored form of blob infos: every valid info round-trips, and damaged encodings are rejected. */
class BlobInfoCodecTest {

    @Property
    void everyInfoRoundTrips(@ForAll("infos") BlobInfo info) {
        assertEquals(info, BlobInfoCodec.decode(BlobInfoCodec.encode(info)));
    }

    @Property
    void truncatedOrExtendedEncodingsAreRejected(@ForAll("infos") BlobInfo info,
            @ForAll @IntRange(min = 1, max = 20) int change) {
        byte[] encoded = BlobInfoCodec.encode(info);

        assertThrows(IllegalArgumentException.class,
                () -> BlobInfoCodec.decode(Arrays.copyOf(encoded, Math.max(0, encoded.length - change))));
        assertThrows(IllegalArgumentException.class,
                () -> BlobInfoCodec.decode(Arrays.copyOf(encoded, encoded.length + change)));
    }

    @Test
    void unknownStatusesAndFlagsAreRejected() {
        byte[] encoded = BlobInfoCodec.encode(BlobInfo.registered(10, 1, 2, false));
        byte[] badStatus = encoded.clone();
        badStatus[24] = 9;
        byte[] badFlags = encoded.clone();
        badFlags[25] = (byte) 0x80;

        assertThrows(IllegalArgumentException.class, () -> BlobInfoCodec.decode(badStatus));
        assertThrows(IllegalArgumentException.class, () -> BlobInfoCodec.decode(badFlags));
    }

    @Provide
    Arbitrary<BlobInfo> infos() {
        Arbitrary<Long> epochs = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Optional<byte[]>> blobs = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).optional();
        return Combinators.combine(epochs, epochs, epochs, Arbitraries.of(BlobStatus.class), Arbitraries.of(true, false),
                epochs.optional(), blobs, blobs)
                .filter((length, registered, end, status, deletable, certified, certificate, owner) ->
                        (status != BlobStatus.CERTIFIED || certified.isPresent())
                                && (deletable || owner.isEmpty()))
                .as((length, registered, end, status, deletable, certified, certificate, owner) ->
                        new BlobInfo(length, registered, end, deletable, status,
                                certified.map(OptionalLong::of).orElse(OptionalLong.empty()), certificate, owner));
    }
}
