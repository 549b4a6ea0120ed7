package io.floe.protocol.committee;

import static io.floe.protocol.committee.CertificateTest.certificateSignedBy;
import static io.floe.protocol.committee.TestCommittees.committee;
import static io.floe.protocol.committee.TestCommittees.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.StorageConfirmation;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact BCS form of a certificate: layout, round trips and strict rejection of malformed bytes. */
class CertificateBcsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void layoutIsMessageThenKeysAndSignatures() {
        Certificate certificate = certificateSignedBy(0, 1, 2);
        byte[] message = certificate.serializedMessage();
        StringBuilder expected = new StringBuilder("28").append(HEX.formatHex(message)).append("03");
        for (Certificate.Signer signer : certificate.signers()) {
            expected.append(signer.publicKey().toHex()).append(HEX.formatHex(signer.signature()));
        }
        byte[] bcs = certificate.toBcs();
        assertEquals(expected.toString(), HEX.formatHex(bcs));
        assertEquals(1 + 40 + 1 + 3 * 96, bcs.length);
    }

    @Test
    void roundTripsAndStillVerifies() {
        Certificate certificate = certificateSignedBy(3, 0, 1, 2);
        Certificate decoded = Certificate.fromBcs(certificate.toBcs());
        assertEquals(certificate, decoded);
        decoded.verify(committee(5, 3, 3, 2, 2));

        StorageConfirmation deletable = new StorageConfirmation(9, BlobId.of(CertificateTest.filled(1)),
                BlobPersistence.deletable(CertificateTest.filled(2)));
        Certificate withObject = Certificate.of(deletable,
                List.of(new Certificate.Signer(keys(0).publicKey(), keys(0).sign(deletable.toBytes()))));
        Certificate decodedWithObject = Certificate.fromBcs(withObject.toBcs());
        assertEquals(withObject, decodedWithObject);
        assertEquals(BlobPersistence.deletable(CertificateTest.filled(2)), decodedWithObject.persistence());
        assertEquals(9, decodedWithObject.epoch());
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        for (int length = 0; length < bcs.length; length++) {
            byte[] truncated = Arrays.copyOf(bcs, length);
            assertThrows(BcsException.class, () -> Certificate.fromBcs(truncated), "length " + length);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        assertFails(Arrays.copyOf(bcs, bcs.length + 1), "1 unexpected trailing bytes after certificate");
    }

    @Test
    void badTagsInTheMessageAreRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        // byte 0 is the message length; the message's persistence tag is its last byte (offset 40)
        assertFails(with(bcs, 40, 7), "certificate message: unknown blob persistence tag 7");
        assertFails(with(bcs, 1, 2), "certificate message: message intent is 2 (invalid blob ID)");
        assertFails(with(bcs, 2, 1), "certificate message: unsupported intent version 1");
        assertFails(with(bcs, 3, 4), "certificate message: wrong app id 4");
    }

    @Test
    void messageLengthNotMatchingTheConfirmationIsRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        assertFails(with(bcs, 0, 0x27), "certificate message: truncated input");
        assertFails(with(bcs, 0, 0x29), "certificate message: 1 unexpected trailing bytes");
    }

    @Test
    void invalidPublicKeyIsRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        byte[] zeroKey = bcs.clone();
        Arrays.fill(zeroKey, 42 + 96, 42 + 96 + 32, (byte) 0);
        assertFails(zeroKey, "certificate signer 1: not a valid Ed25519 public key");
    }

    @Test
    void signerCountBeyondTheBytesIsRejected() {
        byte[] bcs = certificateSignedBy(0, 1, 2).toBcs();
        assertFails(with(bcs, 41, 4), "truncated input: public key of certificate signer 3");
        byte[] huge = Arrays.copyOf(bcs, 46);
        System.arraycopy(HEX.parseHex("ffffffff07"), 0, huge, 41, 5);
        assertFails(huge, "truncated input: public key of certificate signer 0");
    }

    private static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static void assertFails(byte[] bcs, String expectedPart) {
        BcsException e = assertThrows(BcsException.class, () -> Certificate.fromBcs(bcs));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
