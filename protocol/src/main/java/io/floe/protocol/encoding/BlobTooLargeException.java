package io.floe.protocol.encoding;

/** A blob is larger than the committee's shards can hold. */
public final class BlobTooLargeException extends IllegalArgumentException {
    private final long length;
    private final long maxLength;

    public BlobTooLargeException(long length, long maxLength, int shards) {
        super("blob is " + length + " bytes; the maximum for " + shards + " shards is " + maxLength + " bytes");
        this.length = length;
        this.maxLength = maxLength;
    }

    public long length() {
        return length;
    }

    public long maxLength() {
        return maxLength;
    }
}
