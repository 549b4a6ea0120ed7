package io.floe.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The invariants and value semantics of {@link BlobInfo}. */
class BlobInfoTest {

    @Test
    void certifyingRecordsTheEpochAndCertificate() {
        BlobInfo certified = BlobInfo.registered(100, 1, 5, true).withOwnerTokenHash(new byte[] {9})
                .certified(2, new byte[] {1, 2, 3});

        assertEquals(BlobStatus.CERTIFIED, certified.status());
        assertEquals(OptionalLong.of(2), certified.certifiedEpoch());
        assertArrayEquals(new byte[] {1, 2, 3}, certified.certificate().orElseThrow());
        assertArrayEquals(new byte[] {9}, certified.ownerTokenHash().orElseThrow());
    }

    @Test
    void inconsistentInfosAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BlobInfo.registered(100, 1, 5, false).withStatus(
                BlobStatus.CERTIFIED));
        assertThrows(IllegalArgumentException.class,
                () -> BlobInfo.registered(100, 1, 5, false).withOwnerTokenHash(new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> BlobInfo.registered(-1, 1, 5, false));
        assertThrows(IllegalArgumentException.class, () -> BlobInfo.registered(1, 1, -5, false));
    }

    @Test
    void bytesAreCopiedAndComparedByContent() {
        byte[] certificate = {1, 2, 3};
        BlobInfo info = BlobInfo.registered(100, 1, 5, false).certified(2, certificate);
        certificate[0] = 9;
        info.certificate().orElseThrow()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, info.certificate().orElseThrow());
        assertEquals(BlobInfo.registered(100, 1, 5, false).certified(2, new byte[] {1, 2, 3}), info);
        assertEquals(BlobInfo.registered(100, 1, 5, false).certified(2, new byte[] {1, 2, 3}).hashCode(),
                info.hashCode());
        assertNotEquals(BlobInfo.registered(100, 1, 5, false).certified(2, new byte[] {1, 2}), info);
        assertEquals(Optional.empty(), BlobInfo.registered(100, 1, 5, false).certificate());
    }
}
