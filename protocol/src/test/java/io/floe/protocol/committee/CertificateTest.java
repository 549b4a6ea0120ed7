package io.floe.protocol.committee;

import static io.floe.protocol.committee.TestCommittees.committee;
import static io.floe.protocol.committee.TestCommittees.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.protocol.BlobId;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.InvalidBlobIdMessage;
import io.floe.protocol.crypto.NodeKeyPair;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.crypto.StorageConfirmation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificates: the builder's quorum tracking and every reason {@link Certificate#verify} rejects one. */
class CertificateTest {
    // n = 10, f = 3: a certificate needs more than 6 shards; node-0 and node-1 hold 3 each, node-2 and node-3 hold 2.
    private static final Committee COMMITTEE = committee(5, 3, 3, 2, 2);
    private static final BlobId BLOB = BlobId.of(filled(0x42));
    private static final BlobPersistence PERMANENT = BlobPersistence.permanent();
    private static final StorageConfirmation CONFIRMATION = new StorageConfirmation(5, BLOB, PERMANENT);

    static SignedStorageConfirmation confirmationBy(int node, StorageConfirmation confirmation) {
        return SignedStorageConfirmation.sign(keys(node), confirmation);
    }

    static Certificate certificateSignedBy(int... nodes) {
        List<Certificate.Signer> signers = new ArrayList<>();
        for (int node : nodes) {
            NodeKeyPair keyPair = keys(node);
            signers.add(new Certificate.Signer(keyPair.publicKey(), keyPair.sign(CONFIRMATION.toBytes())));
        }
        return Certificate.of(CONFIRMATION, signers);
    }

    @Test
    void builderReportsQuorumOnceSignersHoldMoreThanTwoF() {
        CertificateBuilder builder = new CertificateBuilder(COMMITTEE, BLOB, PERMANENT);
        assertFalse(builder.add(confirmationBy(0, CONFIRMATION)));
        assertFalse(builder.add(confirmationBy(1, CONFIRMATION)));
        assertEquals(6, builder.weight());
        assertFalse(builder.add(confirmationBy(1, CONFIRMATION)), "a repeated confirmation adds no weight");
        assertEquals(6, builder.weight());
        assertEquals("signers hold 6 of 10 shards; a certificate needs more than 6",
                assertThrows(CertificateException.class, builder::build).getMessage());
        assertTrue(builder.add(confirmationBy(3, CONFIRMATION)));
        assertTrue(builder.hasQuorum());

        Certificate certificate = builder.build();
        certificate.verify(COMMITTEE);
        assertEquals(BLOB, certificate.blobId());
        assertEquals(5, certificate.epoch());
        assertEquals(3, certificate.signers().size());
        assertEquals(certificateSignedBy(0, 1, 3), certificate);
    }

    @Test
    void builderRejectsNonMembersAndConfirmationsThatDoNotVerify() {
        CertificateBuilder builder = new CertificateBuilder(COMMITTEE, BLOB, PERMANENT);
        assertBuilderRejects(builder, confirmationBy(7, CONFIRMATION),
                "confirmation signer " + keys(7).publicKey() + " is not a member of the committee of epoch 5");
        assertBuilderRejects(builder, confirmationBy(0, new StorageConfirmation(4, BLOB, PERMANENT)),
                "rejected confirmation of member node-0: confirmation from " + keys(0).publicKey()
                        + " is for epoch 4, expected 5");
        BlobId other = BlobId.of(filled(0x43));
        assertBuilderRejects(builder, confirmationBy(0, new StorageConfirmation(5, other, PERMANENT)),
                "is for blob " + other + ", expected " + BLOB);
        assertBuilderRejects(builder, confirmationBy(0,
                new StorageConfirmation(5, BLOB, BlobPersistence.deletable(filled(1)))), "confirms persistence");
        SignedStorageConfirmation forged = new SignedStorageConfirmation(CONFIRMATION.toBytes(),
                keys(7).sign(CONFIRMATION.toBytes()), keys(0).publicKey());
        assertBuilderRejects(builder, forged, "has an invalid signature");
        assertEquals(0, builder.weight());
    }

    @Test
    void certificateVerifiesWithExactlyAQuorum() {
        certificateSignedBy(0, 1, 2).verify(COMMITTEE);
        certificateSignedBy(3, 2, 1, 0).verify(COMMITTEE);
    }

    @Test
    void insufficientWeightIsRejected() {
        assertVerifyFails(certificateSignedBy(0, 2), "signers hold 5 of 10 shards; a certificate needs more than 6");
        assertVerifyFails(certificateSignedBy(), "signers hold 0 of 10 shards; a certificate needs more than 6");
    }

    @Test
    void nonMemberSignerIsRejected() {
        assertVerifyFails(certificateSignedBy(0, 1, 2, 8),
                "signer " + keys(8).publicKey() + " is not a member of the committee of epoch 5");
    }

    @Test
    void duplicateSignerIsRejected() {
        assertVerifyFails(certificateSignedBy(0, 1, 1), "signer " + keys(1).publicKey() + " appears twice");
    }

    @Test
    void invalidSignatureIsRejected() {
        Certificate good = certificateSignedBy(0, 1, 2);
        List<Certificate.Signer> signers = new ArrayList<>(good.signers());
        byte[] bad = signers.get(1).signature();
        bad[10] ^= 1;
        signers.set(1, new Certificate.Signer(signers.get(1).publicKey(), bad));
        assertVerifyFails(Certificate.of(CONFIRMATION, signers),
                "signature of member node-1 (" + keys(1).publicKey()
                        + ") does not verify over the certificate message");
    }

    @Test
    void wrongEpochIsRejected() {
        Committee next = committee(6, 3, 3, 2, 2);
        assertVerifyFails(certificateSignedBy(0, 1, 2), next,
                "certificate is for epoch 5 but the committee is of epoch 6; "
                        + "verify it against the committee of epoch 5");
        Certificate claimsSix = new Certificate(BLOB, 6, PERMANENT, CONFIRMATION.toBytes(),
                certificateSignedBy(0, 1, 2).signers());
        assertVerifyFails(claimsSix, next, "certificate is for epoch 6 but its message confirms epoch 5");
    }

    @Test
    void wrongBlobIdIsRejected() {
        BlobId other = BlobId.of(filled(0x43));
        Certificate certificate = new Certificate(other, 5, PERMANENT, CONFIRMATION.toBytes(),
                certificateSignedBy(0, 1, 2).signers());
        assertVerifyFails(certificate, "certificate is for blob " + other + " but its message confirms blob " + BLOB);
    }

    @Test
    void wrongPersistenceIsRejected() {
        Certificate certificate = new Certificate(BLOB, 5, BlobPersistence.deletable(filled(9)), CONFIRMATION.toBytes(),
                certificateSignedBy(0, 1, 2).signers());
        assertVerifyFails(certificate, "certificate is for a Deletable[0x0909");
        assertVerifyFails(certificate, "but its message confirms Permanent");
    }

    @Test
    void messageThatIsNotAStorageConfirmationIsRejected() {
        byte[] invalidBlob = new InvalidBlobIdMessage(5, BLOB).toBytes();
        Certificate certificate = new Certificate(BLOB, 5, PERMANENT, invalidBlob, List.of());
        assertVerifyFails(certificate, "certificate message is not a storage confirmation: message intent is 2");
    }

    private static void assertBuilderRejects(CertificateBuilder builder, SignedStorageConfirmation confirmation,
            String expectedPart) {
        CertificateException e = assertThrows(CertificateException.class, () -> builder.add(confirmation));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    private static void assertVerifyFails(Certificate certificate, String expectedPart) {
        assertVerifyFails(certificate, COMMITTEE, expectedPart);
    }

    private static void assertVerifyFails(Certificate certificate, Committee committee, String expectedPart) {
        CertificateException e = assertThrows(CertificateException.class, () -> certificate.verify(committee));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
