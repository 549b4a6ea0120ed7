package io.floe.cli;

import io.floe.protocol.encoding.EncodingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a blob from a file for a given number of shards, refusing a file that does not fit before reading it into
 * memory.
 */
final class BlobFiles {
    /** The largest byte array the JVM allocates reliably; larger blobs need streaming, which floe does not do yet. */
    static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 8;

    private BlobFiles() {
    }

    /**
     * The file's bytes.
     *
     * @throws CommandFailure with {@link ExitCodes#INPUT} when the file cannot be read, or
     *     {@link ExitCodes#BLOB_TOO_LARGE} when it does not fit
     */
    static byte[] read(Path file, EncodingConfig config) {
        if (!Files.exists(file)) {
            throw new CommandFailure(ExitCodes.INPUT, "no such file: " + file + "; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitCodes.INPUT, file + " is a directory; pass a file");
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailure(ExitCodes.INPUT,
                    "cannot read " + file + ": permission denied; check the file's permissions");
        }
        try {
            if (Files.isRegularFile(file)) {
                checkFits(file, Files.size(file), config);
                byte[] blob = Files.readAllBytes(file);
                checkFits(file, blob.length, config); // it may have grown since we looked
                return blob;
            }
            // A pipe or device has no size up front: read one byte past the limit to tell that it is too large.
            long limit = Math.min(config.maxBlobSize(), MAX_IN_MEMORY);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] blob = in.readNBytes((int) (limit + 1));
                if (blob.length > limit) {
                    throw tooLarge(file, "more than " + Sizes.describe(limit), config, limit);
                }
                return blob;
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.INPUT, "no such file: " + file + "; check the path");
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitCodes.INPUT,
                    "cannot read " + file + ": permission denied; check the file's permissions");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot read " + file + ": " + e.getMessage()
                    + "; check that it is a readable file");
        }
    }

    private static void checkFits(Path file, long size, EncodingConfig config) {
        if (!config.fits(size) || size > MAX_IN_MEMORY) {
            throw tooLarge(file, Sizes.describe(size), config, size);
        }
    }

    private static CommandFailure tooLarge(Path file, String size, EncodingConfig config, long length) {
        if (!config.fits(length) || config.maxBlobSize() <= MAX_IN_MEMORY) {
            return new CommandFailure(ExitCodes.BLOB_TOO_LARGE, file + " is " + size + "; the maximum for "
                    + config.shards() + " shards is " + Sizes.describe(config.maxBlobSize())
                    + "; use more shards or a smaller file");
        }
        return new CommandFailure(ExitCodes.BLOB_TOO_LARGE, file + " is " + size
                + "; floe holds a blob in memory and takes at most " + Sizes.describe(MAX_IN_MEMORY)
                + "; use a smaller file");
    }
}
