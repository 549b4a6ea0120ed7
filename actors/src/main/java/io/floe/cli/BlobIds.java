package io.floe.cli;

import io.floe.protocol.BlobId;

/** Parses a blob ID from the command line; a malformed one is a usage error. */
final class BlobIds {
    private BlobIds() {
    }

    static BlobId parse(String text) {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }
}
