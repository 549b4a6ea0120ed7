package io.floe.protocol.committee;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.protocol.crypto.StorageConfirmation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Proof that a blob is available: one storage confirmation message signed by members holding more than {@code 2f}
 * shards of the committee of its epoch.
 *
 * <p>BCS form: {@code uleb128 len ‖ serialized confirmation message ‖ uleb128 count ‖ count × (32-byte Ed25519
 * public key ‖ 64-byte signature)}. Keys and signatures have fixed lengths, so they carry no length prefix. The blob
 * ID, epoch and persistence are not repeated: they are read from the message, which must decode strictly as a
 * {@link StorageConfirmation}; decoding checks the form only, {@link #verify} checks the signatures.
 */
public final class Certificate {
    private final BlobId blobId;
    private final long epoch;
    private final BlobPersistence persistence;
    private final byte[] serializedMessage;
    private final List<Signer> signers;

    /** One member's signature over the certificate's message. */
    public record Signer(NodePublicKey publicKey, byte[] signature) {
        public Signer {
            Objects.requireNonNull(publicKey, "publicKey");
            if (signature == null || signature.length != NodePublicKey.SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got "
                        + (signature == null ? "none" : signature.length + " bytes"));
            }
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signer other && publicKey.equals(other.publicKey)
                    && Arrays.equals(signature, other.signature);
        }

        @Override
        public int hashCode() {
            return 31 * publicKey.hashCode() + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "Signer[" + publicKey + ", " + HexFormat.of().formatHex(signature) + "]";
        }
    }

    /** A certificate as claimed; nothing is checked against the message or the signatures until {@link #verify}. */
    public Certificate(BlobId blobId, long epoch, BlobPersistence persistence, byte[] serializedMessage,
            List<Signer> signers) {
        this.blobId = Objects.requireNonNull(blobId, "blobId");
        this.epoch = epoch;
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.serializedMessage = Objects.requireNonNull(serializedMessage, "serializedMessage").clone();
        this.signers = List.copyOf(signers);
    }

    /** A certificate over the canonical bytes of {@code confirmation}. */
    public static Certificate of(StorageConfirmation confirmation, List<Signer> signers) {
        return new Certificate(confirmation.blobId(), confirmation.epoch(), confirmation.persistence(),
                confirmation.toBytes(), signers);
    }

    /**
     * Checks everything that makes this certificate valid for {@code committee}, or throws a
     * {@link CertificateException} saying what is wrong.
     */
    public void verify(Committee committee) {
        if (epoch != committee.epoch()) {
            throw new CertificateException("certificate is for epoch " + epoch + " but the committee is of epoch "
                    + committee.epoch() + "; verify it against the committee of epoch " + epoch);
        }
        StorageConfirmation confirmation;
        try {
            confirmation = StorageConfirmation.decode(serializedMessage);
        } catch (BcsException e) {
            throw new CertificateException("certificate message is not a storage confirmation: " + e.getMessage());
        }
        if (!confirmation.blobId().equals(blobId)) {
            throw new CertificateException("certificate is for blob " + blobId + " but its message confirms blob "
                    + confirmation.blobId());
        }
        if (confirmation.epoch() != epoch) {
            throw new CertificateException("certificate is for epoch " + epoch + " but its message confirms epoch "
                    + confirmation.epoch());
        }
        if (!confirmation.persistence().equals(persistence)) {
            throw new CertificateException("certificate is for a " + persistence + " blob but its message confirms "
                    + confirmation.persistence());
        }
        Set<NodePublicKey> seen = new HashSet<>();
        int weight = 0;
        for (Signer signer : signers) {
            if (!seen.add(signer.publicKey())) {
                throw new CertificateException("signer " + signer.publicKey()
                        + " appears twice; each member signs once");
            }
            CommitteeMember member = committee.memberByKey(signer.publicKey()).orElseThrow(() ->
                    new CertificateException("signer " + signer.publicKey()
                            + " is not a member of the committee of epoch " + committee.epoch()));
            if (!member.publicKey().verify(serializedMessage, signer.signature)) {
                throw new CertificateException("signature of member " + member.nodeId() + " (" + signer.publicKey()
                        + ") does not verify over the certificate message");
            }
            weight += member.weight();
        }
        if (!committee.isQuorum(weight)) {
            throw new CertificateException(insufficientWeight(weight, committee));
        }
    }

    static String insufficientWeight(int weight, Committee committee) {
        return "signers hold " + weight + " of " + committee.shards() + " shards; a certificate needs more than "
                + 2 * committee.faulty();
    }

    public BlobId blobId() {
        return blobId;
    }

    public long epoch() {
        return epoch;
    }

    public BlobPersistence persistence() {
        return persistence;
    }

    public byte[] serializedMessage() {
        return serializedMessage.clone();
    }

    public List<Signer> signers() {
        return signers;
    }

    /** The BCS form described in the class comment. */
    public byte[] toBcs() {
        BcsWriter writer = new BcsWriter(serializedMessage.length + 8 + signers.size() * 96);
        writer.bytes(serializedMessage).uleb128(signers.size());
        for (Signer signer : signers) {
            writer.fixedBytes(signer.publicKey().toBytes()).fixedBytes(signer.signature);
        }
        return writer.toByteArray();
    }

    /** Strictly decodes the BCS form; a message that is not a storage confirmation or an invalid key also fails. */
    public static Certificate fromBcs(byte[] bcs) {
        BcsReader reader = new BcsReader(bcs);
        byte[] message = reader.bytes("certificate message");
        StorageConfirmation confirmation;
        try {
            confirmation = StorageConfirmation.decode(message);
        } catch (BcsException e) {
            throw new BcsException("certificate message: " + e.getMessage());
        }
        int count = reader.uleb128("certificate signer count");
        List<Signer> signers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = reader.fixedBytes(NodePublicKey.LENGTH, "public key of certificate signer " + i);
            NodePublicKey publicKey;
            try {
                publicKey = NodePublicKey.of(key);
            } catch (IllegalArgumentException e) {
                throw new BcsException("certificate signer " + i + ": " + e.getMessage());
            }
            signers.add(new Signer(publicKey,
                    reader.fixedBytes(NodePublicKey.SIGNATURE_LENGTH, "signature of certificate signer " + i)));
        }
        reader.finish("certificate");
        return new Certificate(confirmation.blobId(), confirmation.epoch(), confirmation.persistence(), message,
                signers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate other && blobId.equals(other.blobId) && epoch == other.epoch
                && persistence.equals(other.persistence) && Arrays.equals(serializedMessage, other.serializedMessage)
                && signers.equals(other.signers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(blobId, epoch, persistence, Arrays.hashCode(serializedMessage), signers);
    }

    @Override
    public String toString() {
        return "Certificate[blob=" + blobId + ", epoch=" + epoch + ", " + persistence + ", signers=" + signers.size()
                + "]";
    }
}
