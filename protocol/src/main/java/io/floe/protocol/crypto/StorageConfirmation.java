package io.floe.protocol.crypto;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.Objects;

/**
 * A node's statement that in {@code epoch} it stores both slivers of every shard it owns for {@code blobId}; signed
 * bytes are {@code 01 00 03 ‖ epoch u32 ‖ blobId ‖ persistence} (SPEC section 5).
 */
public record StorageConfirmation(long epoch, BlobId blobId, BlobPersistence persistence) implements ProtocolMessage {
    public StorageConfirmation {
        MessageHeader.requireEpoch(epoch);
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(persistence, "persistence");
    }

    @Override
    public IntentType intent() {
        return IntentType.STORAGE_CONFIRMATION;
    }

    @Override
    public byte[] toBytes() {
        BcsWriter writer = new BcsWriter(MessageHeader.LENGTH + BlobId.LENGTH + 1 + BlobPersistence.OBJECT_ID_LENGTH);
        MessageHeader.write(writer, intent(), epoch);
        writer.fixedBytes(blobId.toBytes());
        persistence.writeTo(writer);
        return writer.toByteArray();
    }

    /** Strictly decodes the signed bytes: wrong header, unknown persistence tag, truncation or trailing bytes fail. */
    public static StorageConfirmation decode(byte[] bytes) {
        BcsReader reader = new BcsReader(bytes);
        long epoch = MessageHeader.read(reader, IntentType.STORAGE_CONFIRMATION);
        BlobId blobId = BlobId.of(reader.fixedBytes(BlobId.LENGTH, "confirmed blob ID"));
        BlobPersistence persistence = BlobPersistence.read(reader);
        reader.finish("storage confirmation");
        return new StorageConfirmation(epoch, blobId, persistence);
    }
}
