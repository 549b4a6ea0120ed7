package io.floe.persistence.leveldb;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stored form of a {@link BlobInfo}, big-endian:
 * {@code u64 unencoded length ‖ u64 registered epoch ‖ u64 end epoch ‖ u8 status ‖ u8 flags
 * ‖ [u64 certified epoch] ‖ [u32 n ‖ n bytes certificate] ‖ [u32 n ‖ n bytes owner token hash]},
 * where flag bits 0–3 say: deletable, certified epoch present, certificate present, owner token hash present.
 */
final class BlobInfoCodec {
    private static final int DELETABLE = 1;
    private static final int HAS_CERTIFIED_EPOCH = 2;
    private static final int HAS_CERTIFICATE = 4;
    private static final int HAS_OWNER_TOKEN_HASH = 8;
    private static final int KNOWN_FLAGS = 15;

    private BlobInfoCodec() {
    }

    static byte[] encode(BlobInfo info) {
        Optional<byte[]> certificate = info.certificate();
        Optional<byte[]> owner = info.ownerTokenHash();
        int flags = (info.deletable() ? DELETABLE : 0)
                | (info.certifiedEpoch().isPresent() ? HAS_CERTIFIED_EPOCH : 0)
                | (certificate.isPresent() ? HAS_CERTIFICATE : 0)
                | (owner.isPresent() ? HAS_OWNER_TOKEN_HASH : 0);
        int length = 8 * 3 + 2 + (info.certifiedEpoch().isPresent() ? 8 : 0)
                + certificate.map(c -> 4 + c.length).orElse(0) + owner.map(o -> 4 + o.length).orElse(0);
        ByteBuffer out = ByteBuffer.allocate(length)
                .putLong(info.unencodedLength())
                .putLong(info.registeredEpoch())
                .putLong(info.endEpoch())
                .put(statusCode(info.status()))
                .put((byte) flags);
        info.certifiedEpoch().ifPresent(out::putLong);
        certificate.ifPresent(bytes -> out.putInt(bytes.length).put(bytes));
        owner.ifPresent(bytes -> out.putInt(bytes.length).put(bytes));
        return out.array();
    }

    /**
     * Parses a stored info.
     *
     * @throws IllegalArgumentException when the bytes are not a valid info
     */
    static BlobInfo decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            long unencodedLength = in.getLong();
            long registeredEpoch = in.getLong();
            long endEpoch = in.getLong();
            BlobStatus status = status(in.get());
            int flags = in.get() & 0xFF;
            if ((flags & ~KNOWN_FLAGS) != 0) {
                throw new IllegalArgumentException("unknown blob-info flags " + Integer.toBinaryString(flags));
            }
            OptionalLong certifiedEpoch = (flags & HAS_CERTIFIED_EPOCH) != 0
                    ? OptionalLong.of(in.getLong()) : OptionalLong.empty();
            Optional<byte[]> certificate = (flags & HAS_CERTIFICATE) != 0
                    ? Optional.of(bytes(in, "certificate")) : Optional.empty();
            Optional<byte[]> owner = (flags & HAS_OWNER_TOKEN_HASH) != 0
                    ? Optional.of(bytes(in, "owner token hash")) : Optional.empty();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after blob info");
            }
            return new BlobInfo(unencodedLength, registeredEpoch, endEpoch, (flags & DELETABLE) != 0, status,
                    certifiedEpoch, certificate, owner);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("blob info truncated after " + in.position() + " bytes", e);
        }
    }

    private static byte[] bytes(ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException(what + " length " + Integer.toUnsignedString(length) + " exceeds the "
                    + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    // Explicit codes, not ordinals, so that reordering the enum cannot change stored data.
    private static byte statusCode(BlobStatus status) {
        return switch (status) {
            case REGISTERED -> 1;
            case CERTIFIED -> 2;
            case INVALID -> 3;
            case DELETED -> 4;
        };
    }

    private static BlobStatus status(byte code) {
        return switch (code) {
            case 1 -> BlobStatus.REGISTERED;
            case 2 -> BlobStatus.CERTIFIED;
            case 3 -> BlobStatus.INVALID;
            case 4 -> BlobStatus.DELETED;
            default -> throw new IllegalArgumentException("unknown blob status code " + code);
        };
    }
}
