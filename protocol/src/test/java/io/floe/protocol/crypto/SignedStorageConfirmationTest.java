package io.floe.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Signed confirmations: signature and content checks, and the BCS form of {@code SignedMessage}. */
class SignedStorageConfirmationTest {
    private static final NodeKeyPair KEYS = NodeKeyPair.fromSeed(filled(7));
    private static final BlobId BLOB = BlobId.of(filled(0x11));
    private static final BlobPersistence DELETABLE = BlobPersistence.deletable(filled(0x22));
    private static final long EPOCH = 5;

    private static SignedStorageConfirmation signed() {
        return SignedStorageConfirmation.sign(KEYS, new StorageConfirmation(EPOCH, BLOB, DELETABLE));
    }

    @Test
    void signedConfirmationVerifies() {
        SignedStorageConfirmation confirmation = signed();
        assertTrue(confirmation.verify(BLOB, EPOCH, DELETABLE));
        assertTrue(confirmation.verify(BLOB, EPOCH, BlobPersistence.deletable(filled(0x22))), "value equality");
        assertEquals(KEYS.publicKey(), confirmation.signer());
    }

    @Test
    void wrongContentIsRejectedWithTheReason() {
        SignedStorageConfirmation confirmation = signed();
        BlobId otherBlob = BlobId.of(filled(0x12));
        assertFalse(confirmation.verify(otherBlob, EPOCH, DELETABLE));
        assertReason(() -> confirmation.requireValid(otherBlob, EPOCH, DELETABLE),
                "is for blob " + BLOB + ", expected " + otherBlob);
        assertFalse(confirmation.verify(BLOB, EPOCH + 1, DELETABLE));
        assertReason(() -> confirmation.requireValid(BLOB, EPOCH + 1, DELETABLE), "is for epoch 5, expected 6");
        assertFalse(confirmation.verify(BLOB, EPOCH, BlobPersistence.permanent()));
        assertReason(() -> confirmation.requireValid(BLOB, EPOCH, BlobPersistence.permanent()),
                "confirms persistence Deletable[0x2222");
        assertFalse(confirmation.verify(BLOB, EPOCH, BlobPersistence.deletable(filled(0x23))));
    }

    @Test
    void anyFlippedBitInMessageOrSignatureFails() {
        SignedStorageConfirmation confirmation = signed();
        byte[] message = confirmation.serializedMessage();
        byte[] signature = confirmation.signature();
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] bad = flip(message, bit);
            assertFalse(new SignedStorageConfirmation(bad, signature, KEYS.publicKey()).verify(BLOB, EPOCH, DELETABLE),
                    "message bit " + bit);
        }
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] bad = flip(signature, bit);
            assertFalse(new SignedStorageConfirmation(message, bad, KEYS.publicKey()).verify(BLOB, EPOCH, DELETABLE),
                    "signature bit " + bit);
        }
        assertReason(() -> new SignedStorageConfirmation(message, flip(signature, 3), KEYS.publicKey())
                .requireValid(BLOB, EPOCH, DELETABLE), "has an invalid signature");
    }

    @Test
    void anotherSignerDoesNotVerify() {
        SignedStorageConfirmation confirmation = signed();
        NodePublicKey impostor = NodeKeyPair.fromSeed(filled(8)).publicKey();
        SignedStorageConfirmation claimed = new SignedStorageConfirmation(
                confirmation.serializedMessage(), confirmation.signature(), impostor);
        assertFalse(claimed.verify(BLOB, EPOCH, DELETABLE));
    }

    @Test
    void aSignedInvalidBlobIdMessageIsNotAConfirmation() {
        SignedMessage message = SignedMessage.sign(KEYS, new InvalidBlobIdMessage(EPOCH, BLOB));
        assertTrue(message.verify(KEYS.publicKey()));
        SignedStorageConfirmation confirmation = SignedStorageConfirmation.of(message, KEYS.publicKey());
        assertReason(() -> confirmation.requireValid(BLOB, EPOCH, DELETABLE),
                "is not a storage confirmation message: message intent is 2");
    }

    @Test
    void bcsFormIsLengthPrefixedMessageThenLengthPrefixedSignature() {
        SignedStorageConfirmation confirmation = signed();
        byte[] bcs = confirmation.toBcs();
        HexFormat hex = HexFormat.of();
        assertEquals("48" + hex.formatHex(confirmation.serializedMessage()) + "40"
                + hex.formatHex(confirmation.signature()), hex.formatHex(bcs));
        SignedStorageConfirmation decoded = SignedStorageConfirmation.fromBcs(bcs, KEYS.publicKey());
        assertEquals(confirmation, decoded);
        assertTrue(decoded.verify(BLOB, EPOCH, DELETABLE));
        assertEquals(confirmation.signedMessage(), SignedMessage.fromBcs(bcs));
    }

    @Test
    void malformedBcsIsRejected() {
        byte[] bcs = signed().toBcs();
        for (int length = 0; length < bcs.length; length++) {
            byte[] truncated = Arrays.copyOf(bcs, length);
            assertThrows(BcsException.class, () -> SignedMessage.fromBcs(truncated), "length " + length);
        }
        BcsException trailing = assertThrows(BcsException.class,
                () -> SignedMessage.fromBcs(Arrays.copyOf(bcs, bcs.length + 1)));
        assertEquals("1 unexpected trailing bytes after signed message", trailing.getMessage());

        byte[] shortSignature = bcs.clone();
        shortSignature[1 + 72] = 63;
        BcsException e = assertThrows(BcsException.class,
                () -> SignedMessage.fromBcs(Arrays.copyOf(shortSignature, shortSignature.length - 1)));
        assertEquals("signature is 63 bytes; an Ed25519 signature is 64", e.getMessage());
    }

    @Test
    void signaturesOfTheWrongLengthCannotBeConstructed() {
        byte[] message = signed().serializedMessage();
        assertThrows(IllegalArgumentException.class,
                () -> new SignedStorageConfirmation(message, new byte[63], KEYS.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> new SignedMessage(message, new byte[65]));
    }

    private static void assertReason(Runnable check, String expectedPart) {
        InvalidConfirmationException e = assertThrows(InvalidConfirmationException.class, check::run);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
