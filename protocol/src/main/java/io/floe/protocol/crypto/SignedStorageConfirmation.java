package io.floe.protocol.crypto;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A storage confirmation as one node sent it: the serialized message, its signature and the signer's key, checked
 * with {@link #verify} before it counts towards a certificate. Its BCS form is {@link SignedMessage}'s (no key).
 */
public record SignedStorageConfirmation(byte[] serializedMessage, byte[] signature, NodePublicKey signer) {
    public SignedStorageConfirmation {
        Objects.requireNonNull(serializedMessage, "serializedMessage");
        serializedMessage = serializedMessage.clone();
        signature = SignedMessage.requireSignature(signature);
        Objects.requireNonNull(signer, "signer");
    }

    /** Signs {@code confirmation} with {@code keyPair}. */
    public static SignedStorageConfirmation sign(NodeKeyPair keyPair, StorageConfirmation confirmation) {
        byte[] bytes = confirmation.toBytes();
        return new SignedStorageConfirmation(bytes, keyPair.sign(bytes), keyPair.publicKey());
    }

    /** Attaches the key of the node that answered to a {@link SignedMessage} received from it. */
    public static SignedStorageConfirmation of(SignedMessage message, NodePublicKey signer) {
        return new SignedStorageConfirmation(message.serializedMessage(), message.signature(), signer);
    }

    /** Decodes the BCS of a {@link SignedMessage} sent by {@code signer}; checks the form, not the signature. */
    public static SignedStorageConfirmation fromBcs(byte[] bcs, NodePublicKey signer) {
        return of(SignedMessage.fromBcs(bcs), signer);
    }

    public byte[] toBcs() {
        return signedMessage().toBcs();
    }

    public SignedMessage signedMessage() {
        return new SignedMessage(serializedMessage, signature);
    }

    /** Whether the signature is the signer's AND the message confirms exactly this blob, epoch and persistence. */
    public boolean verify(BlobId expectedBlobId, long expectedEpoch, BlobPersistence expectedPersistence) {
        return problem(expectedBlobId, expectedEpoch, expectedPersistence) == null;
    }

    /** Like {@link #verify}, but says what is wrong. */
    public void requireValid(BlobId expectedBlobId, long expectedEpoch, BlobPersistence expectedPersistence) {
        String problem = problem(expectedBlobId, expectedEpoch, expectedPersistence);
        if (problem != null) {
            throw new InvalidConfirmationException(problem);
        }
    }

    private String problem(BlobId expectedBlobId, long expectedEpoch, BlobPersistence expectedPersistence) {
        StorageConfirmation confirmation;
        try {
            confirmation = StorageConfirmation.decode(serializedMessage);
        } catch (BcsException e) {
            return "confirmation from " + signer + " is not a storage confirmation message: " + e.getMessage();
        }
        String subject = "confirmation from " + signer;
        if (!confirmation.blobId().equals(expectedBlobId)) {
            return subject + " is for blob " + confirmation.blobId() + ", expected " + expectedBlobId;
        }
        if (confirmation.epoch() != expectedEpoch) {
            return subject + " is for epoch " + confirmation.epoch() + ", expected " + expectedEpoch;
        }
        if (!confirmation.persistence().equals(expectedPersistence)) {
            return subject + " confirms persistence " + confirmation.persistence() + ", expected "
                    + expectedPersistence;
        }
        if (!signer.verify(serializedMessage, signature)) {
            return subject + " has an invalid signature: it was not signed by that key or was altered";
        }
        return null;
    }

    @Override
    public byte[] serializedMessage() {
        return serializedMessage.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedStorageConfirmation other
                && Arrays.equals(serializedMessage, other.serializedMessage)
                && Arrays.equals(signature, other.signature)
                && signer.equals(other.signer);
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(serializedMessage) + Arrays.hashCode(signature)) * 31 + signer.hashCode();
    }

    @Override
    public String toString() {
        return "SignedStorageConfirmation[signer=" + signer + ", message="
                + HexFormat.of().formatHex(serializedMessage) + "]";
    }
}
