package io.floe.protocol.encoding;

/** A sliver that does not belong to a blob: wrong size, wrong index or a Merkle root that differs from the metadata. */
public final class SliverVerificationException extends IllegalArgumentException {
    public SliverVerificationException(String message) {
        super(message);
    }
}
