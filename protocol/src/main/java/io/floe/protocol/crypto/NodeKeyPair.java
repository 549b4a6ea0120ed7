package io.floe.protocol.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A storage node's Ed25519 identity: signs storage confirmations; the 32-byte seed is what a node keeps in its data
 * directory ({@link #seed()} and {@link #fromSeed(byte[])}).
 */
public final class NodeKeyPair {
    public static final int SEED_LENGTH = 32;

    private final Ed25519PrivateKeyParameters privateKey;
    private final NodePublicKey publicKey;

    private NodeKeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = NodePublicKey.of(privateKey.generatePublicKey());
    }

    /** A fresh key pair from a strong random source. */
    public static NodeKeyPair generate() {
        return generate(new SecureRandom());
    }

    public static NodeKeyPair generate(SecureRandom random) {
        return new NodeKeyPair(new Ed25519PrivateKeyParameters(random));
    }

    /** The key pair of a 32-byte RFC 8032 private key (seed); the same seed always gives the same keys. */
    public static NodeKeyPair fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key seed is 32 bytes, got "
                    + (seed == null ? "none" : seed.length + " bytes"));
        }
        return new NodeKeyPair(new Ed25519PrivateKeyParameters(seed.clone()));
    }

    /** A copy of the 32-byte private seed, to be stored where only this node can read it. */
    public byte[] seed() {
        return privateKey.getEncoded();
    }

    public NodePublicKey publicKey() {
        return publicKey;
    }

    /** The 64-byte Ed25519 signature of {@code message} (deterministic, RFC 8032). */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Shows only the public key, so that logging a key pair never leaks the seed. */
    @Override
    public String toString() {
        return "NodeKeyPair[" + publicKey + "]";
    }
}
