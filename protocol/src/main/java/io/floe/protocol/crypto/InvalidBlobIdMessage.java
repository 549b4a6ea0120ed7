package io.floe.protocol.crypto;

import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.Objects;

/**
 * A node's statement that {@code blobId} was encoded inconsistently and will not be served; signed bytes are
 * {@code 02 00 03 ‖ epoch u32 ‖ blobId} (SPEC section 5).
 */
public record InvalidBlobIdMessage(long epoch, BlobId blobId) implements ProtocolMessage {
    public InvalidBlobIdMessage {
        MessageHeader.requireEpoch(epoch);
        Objects.requireNonNull(blobId, "blobId");
    }

    @Override
    public IntentType intent() {
        return IntentType.INVALID_BLOB_ID;
    }

    @Override
    public byte[] toBytes() {
        BcsWriter writer = new BcsWriter(MessageHeader.LENGTH + BlobId.LENGTH);
        MessageHeader.write(writer, intent(), epoch);
        writer.fixedBytes(blobId.toBytes());
        return writer.toByteArray();
    }

    /** Strictly decodes the signed bytes: wrong header, truncation or trailing bytes fail. */
    public static InvalidBlobIdMessage decode(byte[] bytes) {
        BcsReader reader = new BcsReader(bytes);
        long epoch = MessageHeader.read(reader, IntentType.INVALID_BLOB_ID);
        BlobId blobId = BlobId.of(reader.fixedBytes(BlobId.LENGTH, "invalid blob ID"));
        reader.finish("invalid blob ID message");
        return new InvalidBlobIdMessage(epoch, blobId);
    }
}
