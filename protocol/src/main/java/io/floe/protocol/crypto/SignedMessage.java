package io.floe.protocol.crypto;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Serialized protocol message bytes with the signer's Ed25519 signature over exactly those bytes, as
 * Walrus' {@code SignedMessage<T>}.
 *
 * <p>BCS form (the body of the node API's confirmation responses): the struct
 * {@code {serialized_message: Vec<u8>, signature: Vec<u8>}}, that is
 * {@code uleb128 len ‖ message bytes ‖ uleb128 64 (= 0x40) ‖ 64 signature bytes}. Decoding is strict: the signature
 * length must be 64 and nothing may follow it. The signer is not part of the form; the receiver knows whom it asked.
 */
public record SignedMessage(byte[] serializedMessage, byte[] signature) {
    public SignedMessage {
        Objects.requireNonNull(serializedMessage, "serializedMessage");
        serializedMessage = serializedMessage.clone();
        signature = requireSignature(signature);
    }

    /** Signs the canonical bytes of {@code message}. */
    public static SignedMessage sign(NodeKeyPair keyPair, ProtocolMessage message) {
        byte[] bytes = message.toBytes();
        return new SignedMessage(bytes, keyPair.sign(bytes));
    }

    /** Whether the signature over the message bytes is {@code signer}'s; says nothing about what the message says. */
    public boolean verify(NodePublicKey signer) {
        return signer.verify(serializedMessage, signature);
    }

    @Override
    public byte[] serializedMessage() {
        return serializedMessage.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] toBcs() {
        return new BcsWriter(serializedMessage.length + NodePublicKey.SIGNATURE_LENGTH + 4)
                .bytes(serializedMessage)
                .bytes(signature)
                .toByteArray();
    }

    /** Strictly decodes the BCS form described in the class comment. */
    public static SignedMessage fromBcs(byte[] bcs) {
        BcsReader reader = new BcsReader(bcs);
        byte[] message = reader.bytes("signed message");
        int signatureLength = reader.uleb128("signature length");
        if (signatureLength != NodePublicKey.SIGNATURE_LENGTH) {
            throw new BcsException("signature is " + signatureLength + " bytes; an Ed25519 signature is "
                    + NodePublicKey.SIGNATURE_LENGTH);
        }
        byte[] signature = reader.fixedBytes(signatureLength, "signature");
        reader.finish("signed message");
        return new SignedMessage(message, signature);
    }

    static byte[] requireSignature(byte[] signature) {
        if (signature == null || signature.length != NodePublicKey.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got "
                    + (signature == null ? "none" : signature.length + " bytes"));
        }
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedMessage other
                && Arrays.equals(serializedMessage, other.serializedMessage)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(serializedMessage) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedMessage[message=" + HexFormat.of().formatHex(serializedMessage)
                + ", signature=" + HexFormat.of().formatHex(signature) + "]";
    }
}
