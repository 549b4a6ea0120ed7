package io.floe.protocol;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** The 32-byte identifier of a blob, shown as base64url without padding (43 characters), as in Walrus. */
public final class BlobId implements Comparable<BlobId> {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static BlobId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a blob ID is 32 bytes, got " + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new BlobId(bytes.clone());
    }

    /** Parses the base64url text form; anything that does not decode to exactly 32 bytes is rejected. */
    public static BlobId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("blob ID is empty; expected 43 base64url characters");
        }
        if (text.length() != 43) {
            throw new IllegalArgumentException("malformed blob ID '" + abbreviate(text)
                    + "': expected 43 base64url characters, got " + text.length());
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed blob ID '" + abbreviate(text)
                    + "': not base64url (" + e.getMessage() + ")", e);
        }
        if (decoded.length != LENGTH) {
            throw new IllegalArgumentException("malformed blob ID '" + abbreviate(text)
                    + "': decodes to " + decoded.length + " bytes, expected 32");
        }
        // Base64 decoders accept non-canonical trailing bits; require the canonical form so one ID has one text.
        BlobId id = new BlobId(decoded);
        if (!id.toString().equals(text)) {
            throw new IllegalArgumentException("malformed blob ID '" + abbreviate(text)
                    + "': non-canonical base64url encoding");
        }
        return id;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Byte {@code i} without copying. */
    public int byteAt(int i) {
        return bytes[i] & 0xFF;
    }

    /** The blob ID as a big-endian unsigned integer, modulo {@code n} (Horner's rule). */
    public int modulo(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("modulus must be positive: " + n);
        }
        long acc = 0;
        for (byte b : bytes) {
            acc = (acc * 256 + (b & 0xFF)) % n;
        }
        return (int) acc;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(BlobId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
