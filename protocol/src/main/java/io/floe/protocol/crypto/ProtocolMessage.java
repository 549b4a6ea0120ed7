package io.floe.protocol.crypto;

import io.floe.protocol.bcs.BcsException;

/**
 * A message a storage node signs: {@code intent u8 ‖ version u8 (0) ‖ app id u8 (3) ‖ epoch u32 ‖ body}, as
 * Walrus' {@code ProtocolMessage}; the signature covers exactly the bytes of {@link #toBytes()}.
 */
public sealed interface ProtocolMessage permits StorageConfirmation, InvalidBlobIdMessage {
    /** Epochs travel as u32. */
    long MAX_EPOCH = 0xFFFF_FFFFL;

    IntentType intent();

    long epoch();

    /** The canonical bytes that are signed. */
    byte[] toBytes();

    /** Decodes any message Floe knows, choosing the type by its intent byte; strict like the typed decoders. */
    static ProtocolMessage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BcsException("truncated input: a signed message needs " + MessageHeader.LENGTH
                    + " header bytes, got 0");
        }
        IntentType intent = IntentType.ofCode(bytes[0] & 0xFF);
        if (intent == null) {
            throw new BcsException("unknown message intent " + (bytes[0] & 0xFF)
                    + "; expected 1 (storage confirmation) or 2 (invalid blob ID)");
        }
        return switch (intent) {
            case STORAGE_CONFIRMATION -> StorageConfirmation.decode(bytes);
            case INVALID_BLOB_ID -> InvalidBlobIdMessage.decode(bytes);
        };
    }
}
