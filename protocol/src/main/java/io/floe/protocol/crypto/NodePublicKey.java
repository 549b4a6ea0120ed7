package io.floe.protocol.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A storage node's Ed25519 public key (32 bytes), used to check its signatures; text form is standard base64 as Sui
 * and Walrus show keys, and {@link #parse} also accepts 64 hex digits.
 */
public final class NodePublicKey implements Comparable<NodePublicKey> {
    public static final int LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final byte[] bytes;
    // Decoding the point is the expensive part of a verification; do it once per key.
    private final Ed25519PublicKeyParameters parameters;

    private NodePublicKey(byte[] bytes, Ed25519PublicKeyParameters parameters) {
        this.bytes = bytes;
        this.parameters = parameters;
    }

    /** Wraps a copy of 32 bytes that must encode a valid Ed25519 point of large order. */
    public static NodePublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        byte[] copy = bytes.clone();
        try {
            return new NodePublicKey(copy, new Ed25519PublicKeyParameters(copy));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + HexFormat.of().formatHex(copy), e);
        }
    }

    static NodePublicKey of(Ed25519PublicKeyParameters parameters) {
        return new NodePublicKey(parameters.getEncoded(), parameters);
    }

    /** Parses the base64 form (44 characters) or the hex form (64 characters). */
    public static NodePublicKey parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("public key is missing; expected 44 base64 or 64 hex characters");
        }
        String trimmed = text.strip();
        byte[] decoded;
        try {
            decoded = switch (trimmed.length()) {
                case 44 -> Base64.getDecoder().decode(trimmed);
                case 64 -> HexFormat.of().parseHex(trimmed);
                default -> throw new IllegalArgumentException(
                        "expected 44 base64 or 64 hex characters, got " + trimmed.length());
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "malformed public key '" + abbreviate(trimmed) + "': " + e.getMessage(), e);
        }
        return of(decoded);
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    /**
     * Whether {@code signature} is this key's Ed25519 signature of {@code message}. Never throws for malformed input:
     * a missing message or signature, or a signature that is not 64 bytes, is simply not valid.
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodePublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(NodePublicKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
