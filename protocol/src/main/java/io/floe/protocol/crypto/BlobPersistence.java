package io.floe.protocol.crypto;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Whether a blob can be deleted before it expires, as Walrus' {@code BlobPersistenceType}: BCS {@code 00} for
 * permanent, {@code 01 ‖ 32-byte object id} for deletable.
 */
public sealed interface BlobPersistence permits BlobPersistence.Permanent, BlobPersistence.Deletable {
    int OBJECT_ID_LENGTH = 32;

    static BlobPersistence permanent() {
        return Permanent.INSTANCE;
    }

    static BlobPersistence deletable(byte[] objectId) {
        return new Deletable(objectId);
    }

    void writeTo(BcsWriter writer);

    /** Reads the enum tag and, for a deletable blob, its object id. */
    static BlobPersistence read(BcsReader reader) {
        int tag = reader.uleb128("blob persistence tag");
        return switch (tag) {
            case 0 -> Permanent.INSTANCE;
            case 1 -> new Deletable(reader.fixedBytes(OBJECT_ID_LENGTH, "deletable blob object id"));
            default -> throw new BcsException(
                    "unknown blob persistence tag " + tag + "; expected 0 (permanent) or 1 (deletable)");
        };
    }

    /** A blob that stays until its end epoch. */
    record Permanent() implements BlobPersistence {
        static final Permanent INSTANCE = new Permanent();

        @Override
        public void writeTo(BcsWriter writer) {
            writer.uleb128(0);
        }

        @Override
        public String toString() {
            return "Permanent";
        }
    }

    /** A blob its owner may delete early, identified by the Sui object id of its {@code Blob} object. */
    record Deletable(byte[] objectId) implements BlobPersistence {
        public Deletable {
            if (objectId == null || objectId.length != OBJECT_ID_LENGTH) {
                throw new IllegalArgumentException("a deletable blob's object id is 32 bytes, got "
                        + (objectId == null ? "none" : objectId.length + " bytes"));
            }
            objectId = objectId.clone();
        }

        @Override
        public byte[] objectId() {
            return objectId.clone();
        }

        @Override
        public void writeTo(BcsWriter writer) {
            writer.uleb128(1).fixedBytes(objectId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Deletable other && Arrays.equals(objectId, other.objectId);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(objectId);
        }

        @Override
        public String toString() {
            return "Deletable[0x" + HexFormat.of().formatHex(objectId) + "]";
        }
    }
}
