package io.floe.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A received upload: in memory, or spooled to a file that {@link #close()} deletes. The in-memory ones count against
 * the spool's memory budget until closed.
 */
sealed interface Upload extends AutoCloseable {

    /** The blob's length in bytes. */
    long length();

    @Override
    void close();

    /** An upload held in one array; closing returns its bytes to the memory budget. */
    record InMemory(byte[] bytes, Runnable release) implements Upload {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** An upload spooled to {@code file}; closing deletes the file. */
    record Spooled(Path file, long length) implements Upload {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover spool file is harmless: the spool directory is cleaned at start.
            }
        }
    }
}
