package io.floe.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Ed25519 keys: RFC 8032 vectors, sign/verify, tampering, seed round trip and the public key's text forms. */
class NodeKeyPairTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc8032TestVector1() {
        NodeKeyPair keyPair = NodeKeyPair.fromSeed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                keyPair.publicKey().toHex());
        byte[] signature = keyPair.sign(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(signature));
        assertTrue(keyPair.publicKey().verify(new byte[0], signature));
    }

    @Test
    void matchesRfc8032TestVector2() {
        NodeKeyPair keyPair = NodeKeyPair.fromSeed(
                HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                keyPair.publicKey().toHex());
        assertEquals("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
                HEX.formatHex(keyPair.sign(new byte[] {0x72})));
    }

    @Property(tries = 50)
    void signaturesVerifyAndAnyFlippedBitBreaksThem(@ForAll @Size(max = 200) byte[] message, @ForAll int bitSeed) {
        NodeKeyPair keyPair = NodeKeyPair.generate();
        byte[] signature = keyPair.sign(message);
        assertEquals(64, signature.length);
        assertTrue(keyPair.publicKey().verify(message, signature));

        byte[] badSignature = signature.clone();
        int signatureBit = Math.floorMod(bitSeed, 512);
        badSignature[signatureBit / 8] ^= (byte) (1 << (signatureBit % 8));
        assertFalse(keyPair.publicKey().verify(message, badSignature), "flipped signature bit " + signatureBit);

        if (message.length > 0) {
            byte[] badMessage = message.clone();
            int messageBit = Math.floorMod(bitSeed, message.length * 8);
            badMessage[messageBit / 8] ^= (byte) (1 << (messageBit % 8));
            assertFalse(keyPair.publicKey().verify(badMessage, signature), "flipped message bit " + messageBit);
        }
    }

    @Test
    void anotherKeyDoesNotVerify() {
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] signature = NodeKeyPair.generate().sign(message);
        assertFalse(NodeKeyPair.generate().publicKey().verify(message, signature));
    }

    @Test
    void malformedSignaturesAreFalseNotExceptions() {
        NodeKeyPair keyPair = NodeKeyPair.generate();
        byte[] message = {1, 2, 3};
        byte[] signature = keyPair.sign(message);
        NodePublicKey key = keyPair.publicKey();
        assertFalse(key.verify(message, null));
        assertFalse(key.verify(null, signature));
        assertFalse(key.verify(message, new byte[0]));
        assertFalse(key.verify(message, Arrays.copyOf(signature, 63)));
        assertFalse(key.verify(message, Arrays.copyOf(signature, 65)));
        assertFalse(key.verify(message, new byte[64]));
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xFF);
        assertFalse(key.verify(message, allOnes), "S above the group order");
    }

    @Test
    void seedRoundTripGivesTheSameKeys() {
        NodeKeyPair original = NodeKeyPair.generate();
        byte[] seed = original.seed();
        assertEquals(32, seed.length);
        NodeKeyPair restored = NodeKeyPair.fromSeed(seed);
        assertEquals(original.publicKey(), restored.publicKey());
        byte[] message = {9, 8, 7};
        assertArrayEquals(original.sign(message), restored.sign(message));
        seed[0] ^= 1;
        assertArrayEquals(restored.seed(), original.seed(), "seed() must hand out a copy");
        assertNotEquals(original.publicKey(), NodeKeyPair.fromSeed(seed).publicKey());
    }

    @Test
    void seedOfTheWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeKeyPair.fromSeed(new byte[31]));
        assertEquals("an Ed25519 private key seed is 32 bytes, got 31 bytes", e.getMessage());
    }

    @Test
    void toStringDoesNotLeakTheSeed() {
        NodeKeyPair keyPair = NodeKeyPair.fromSeed(new byte[32]);
        String text = keyPair.toString();
        assertTrue(text.contains(keyPair.publicKey().toString()));
        assertFalse(text.contains(HEX.formatHex(keyPair.seed())));
    }

    @Test
    void publicKeyTextFormsRoundTrip() {
        NodePublicKey key = NodeKeyPair.generate().publicKey();
        assertEquals(44, key.toString().length());
        assertEquals(key, NodePublicKey.parse(key.toString()));
        assertEquals(key, NodePublicKey.parse(key.toHex()));
        assertEquals(key, NodePublicKey.of(key.toBytes()));
        assertEquals(key.hashCode(), NodePublicKey.of(key.toBytes()).hashCode());
        assertEquals(0, key.compareTo(NodePublicKey.of(key.toBytes())));
    }

    @Test
    void malformedPublicKeysAreRejectedWithTheReason() {
        assertEquals("an Ed25519 public key is 32 bytes, got 31 bytes",
                assertThrows(IllegalArgumentException.class, () -> NodePublicKey.of(new byte[31])).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodePublicKey.of(new byte[32]))
                .getMessage().startsWith("not a valid Ed25519 public key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodePublicKey.parse("abc"))
                .getMessage().contains("expected 44 base64 or 64 hex characters, got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodePublicKey.parse("z".repeat(64)))
                .getMessage().startsWith("malformed public key"));
    }
}
