package io.floe.persistence;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node records about one blob's lifecycle: its size, when it was registered and until when it is stored,
 * whether its owner may delete it, and whether (and when) it was certified.
 *
 * <p>Epochs and lengths are non-negative. A {@link BlobStatus#CERTIFIED} blob has a certified epoch; an owner token
 * hash is only kept for deletable blobs. Certificate and token bytes are opaque here and copied in and out.
 *
 * @param unencodedLength the blob's length in bytes before encoding
 * @param registeredEpoch the epoch in which the blob was registered
 * @param endEpoch the first epoch in which the blob is no longer stored (garbage collected from then on)
 * @param deletable whether the owner may delete the blob before its end epoch
 * @param status where the blob stands
 * @param certifiedEpoch the epoch of the certificate, if certified
 * @param certificate the certificate's bytes as produced by the protocol layer, if kept
 * @param ownerTokenHash a hash of the owner's deletion token, for deletable blobs
 */
public record BlobInfo(
        long unencodedLength,
        long registeredEpoch,
        long endEpoch,
        boolean deletable,
        BlobStatus status,
        OptionalLong certifiedEpoch,
        Optional<byte[]> certificate,
        Optional<byte[]> ownerTokenHash) {

    public BlobInfo {
        checkNotNegative(unencodedLength, "unencoded length");
        checkNotNegative(registeredEpoch, "registered epoch");
        checkNotNegative(endEpoch, "end epoch");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certifiedEpoch, "certifiedEpoch");
        if (certifiedEpoch.isPresent()) {
            checkNotNegative(certifiedEpoch.getAsLong(), "certified epoch");
        }
        if (status == BlobStatus.CERTIFIED && certifiedEpoch.isEmpty()) {
            throw new IllegalArgumentException("a certified blob needs its certified epoch");
        }
        certificate = Objects.requireNonNull(certificate, "certificate").map(byte[]::clone);
        ownerTokenHash = Objects.requireNonNull(ownerTokenHash, "ownerTokenHash").map(byte[]::clone);
        if (ownerTokenHash.isPresent() && !deletable) {
            throw new IllegalArgumentException("only deletable blobs have an owner token hash");
        }
    }

    /** A newly registered blob, not certified. */
    public static BlobInfo registered(long unencodedLength, long registeredEpoch, long endEpoch, boolean deletable) {
        return new BlobInfo(unencodedLength, registeredEpoch, endEpoch, deletable, BlobStatus.REGISTERED,
                OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /** This info, certified in {@code epoch} by {@code certificate}. */
    public BlobInfo certified(long epoch, byte[] certificate) {
        return new BlobInfo(unencodedLength, registeredEpoch, endEpoch, deletable, BlobStatus.CERTIFIED,
                OptionalLong.of(epoch), Optional.of(certificate), ownerTokenHash);
    }

    /** This info with another status. */
    public BlobInfo withStatus(BlobStatus newStatus) {
        return new BlobInfo(unencodedLength, registeredEpoch, endEpoch, deletable, newStatus, certifiedEpoch,
                certificate, ownerTokenHash);
    }

    /** This info with another end epoch, as when the storage of a blob is extended. */
    public BlobInfo withEndEpoch(long newEndEpoch) {
        return new BlobInfo(unencodedLength, registeredEpoch, newEndEpoch, deletable, status, certifiedEpoch,
                certificate, ownerTokenHash);
    }

    /** This info with the hash of the owner's deletion token. */
    public BlobInfo withOwnerTokenHash(byte[] hash) {
        return new BlobInfo(unencodedLength, registeredEpoch, endEpoch, deletable, status, certifiedEpoch,
                certificate, Optional.of(hash));
    }

    /** A copy of the certificate bytes, if any. */
    @Override
    public Optional<byte[]> certificate() {
        return certificate.map(byte[]::clone);
    }

    /** A copy of the owner token hash, if any. */
    @Override
    public Optional<byte[]> ownerTokenHash() {
        return ownerTokenHash.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobInfo other
                && unencodedLength == other.unencodedLength
                && registeredEpoch == other.registeredEpoch
                && endEpoch == other.endEpoch
                && deletable == other.deletable
                && status == other.status
                && certifiedEpoch.equals(other.certifiedEpoch)
                && sameBytes(certificate, other.certificate)
                && sameBytes(ownerTokenHash, other.ownerTokenHash);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(unencodedLength, registeredEpoch, endEpoch, deletable, status, certifiedEpoch);
        hash = 31 * hash + certificate.map(Arrays::hashCode).orElse(0);
        return 31 * hash + ownerTokenHash.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return "BlobInfo[length=" + unencodedLength + ", registered=" + registeredEpoch + ", end=" + endEpoch
                + ", deletable=" + deletable + ", status=" + status
                + ", certifiedEpoch=" + (certifiedEpoch.isPresent() ? certifiedEpoch.getAsLong() : "none")
                + ", certificate=" + certificate.map(c -> c.length + " bytes").orElse("none")
                + ", ownerTokenHash=" + ownerTokenHash.map(HexFormat.of()::formatHex).orElse("none") + "]";
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    private static void checkNotNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " is negative: " + value);
        }
    }
}
