package io.floe.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Signed message bytes against the layout of SPEC section 5, written out by hand, and strict decoding. */
class ProtocolMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String BLOB_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final BlobId BLOB = BlobId.of(HEX.parseHex(BLOB_HEX));
    private static final String OBJECT_HEX = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @Test
    void permanentStorageConfirmationBytesFollowTheSpec() {
        // intent 01, version 00, app 03, epoch 0x01020304 as u32 LE, blob ID, persistence tag 00
        String expected = "01" + "00" + "03" + "04030201" + BLOB_HEX + "00";
        StorageConfirmation message = new StorageConfirmation(0x01020304L, BLOB, BlobPersistence.permanent());
        assertEquals(expected, HEX.formatHex(message.toBytes()));
        assertEquals(message, StorageConfirmation.decode(HEX.parseHex(expected)));
    }

    @Test
    void deletableStorageConfirmationBytesFollowTheSpec() {
        // epoch 42, persistence tag 01 then the 32-byte object id
        String expected = "010003" + "2a000000" + BLOB_HEX + "01" + OBJECT_HEX;
        StorageConfirmation message =
                new StorageConfirmation(42, BLOB, BlobPersistence.deletable(HEX.parseHex(OBJECT_HEX)));
        assertEquals(expected, HEX.formatHex(message.toBytes()));
        assertEquals(message, StorageConfirmation.decode(HEX.parseHex(expected)));
        assertEquals(message, ProtocolMessage.decode(HEX.parseHex(expected)));
    }

    @Test
    void invalidBlobIdBytesFollowTheSpec() {
        String expected = "020003" + "ffffffff" + BLOB_HEX;
        InvalidBlobIdMessage message = new InvalidBlobIdMessage(0xFFFF_FFFFL, BLOB);
        assertEquals(expected, HEX.formatHex(message.toBytes()));
        assertEquals(message, InvalidBlobIdMessage.decode(HEX.parseHex(expected)));
        assertEquals(message, ProtocolMessage.decode(HEX.parseHex(expected)));
    }

    @Property(tries = 100)
    void storageConfirmationsRoundTrip(@ForAll @Size(32) byte[] blob, @ForAll @LongRange(max = 0xFFFF_FFFFL) long epoch,
            @ForAll @Size(32) byte[] objectId, @ForAll boolean deletable) {
        BlobPersistence persistence = deletable ? BlobPersistence.deletable(objectId) : BlobPersistence.permanent();
        StorageConfirmation message = new StorageConfirmation(epoch, BlobId.of(blob), persistence);
        byte[] bytes = message.toBytes();
        assertEquals(deletable ? 72 : 40, bytes.length);
        assertEquals(message, StorageConfirmation.decode(bytes));
    }

    @Test
    void wrongHeadersAreRejectedByName() {
        byte[] good = new StorageConfirmation(7, BLOB, BlobPersistence.permanent()).toBytes();
        assertDecodeFails(with(good, 0, 2),
                "message intent is 2 (invalid blob ID); expected 1 (storage confirmation)");
        assertDecodeFails(with(good, 0, 9), "message intent is 9 (unknown); expected 1 (storage confirmation)");
        assertDecodeFails(with(good, 1, 1), "unsupported intent version 1 in storage confirmation message");
        assertDecodeFails(with(good, 2, 0), "wrong app id 0 in storage confirmation message");
        BcsException e = assertThrows(BcsException.class, () -> InvalidBlobIdMessage.decode(good));
        assertEquals("message intent is 1 (storage confirmation); expected 2 (invalid blob ID)", e.getMessage());
        assertTrue(assertThrows(BcsException.class, () -> ProtocolMessage.decode(with(good, 0, 0)))
                .getMessage().startsWith("unknown message intent 0"));
    }

    @Test
    void badPersistenceTagIsRejected() {
        byte[] good = new StorageConfirmation(7, BLOB, BlobPersistence.permanent()).toBytes();
        assertDecodeFails(with(good, good.length - 1, 2), "unknown blob persistence tag 2");
    }

    @Test
    void everyTruncationAndTrailingBytesAreRejected() {
        byte[] good = new StorageConfirmation(7, BLOB, BlobPersistence.deletable(new byte[32])).toBytes();
        for (int length = 0; length < good.length; length++) {
            byte[] truncated = Arrays.copyOf(good, length);
            assertThrows(BcsException.class, () -> StorageConfirmation.decode(truncated), "length " + length);
        }
        assertDecodeFails(Arrays.copyOf(good, good.length + 1),
                "1 unexpected trailing bytes after storage confirmation");
        byte[] invalid = new InvalidBlobIdMessage(7, BLOB).toBytes();
        assertTrue(assertThrows(BcsException.class,
                () -> InvalidBlobIdMessage.decode(Arrays.copyOf(invalid, invalid.length + 2)))
                .getMessage().contains("2 unexpected trailing bytes"));
        assertThrows(BcsException.class, () -> ProtocolMessage.decode(new byte[0]));
    }

    @Test
    void epochsOutsideU32AreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new StorageConfirmation(-1, BLOB, BlobPersistence.permanent()));
        assertThrows(IllegalArgumentException.class, () -> new InvalidBlobIdMessage(1L << 32, BLOB));
    }

    private static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static void assertDecodeFails(byte[] bytes, String expectedMessagePart) {
        BcsException e = assertThrows(BcsException.class, () -> StorageConfirmation.decode(bytes));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }
}
