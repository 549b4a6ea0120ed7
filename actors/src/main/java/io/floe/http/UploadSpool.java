package io.floe.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;

/**
 * Receives an uploaded blob so that it is held once: a body of known length up to the memory threshold goes straight
 * into one array; a larger one, or one of unknown length, is streamed to a temporary file in the spool directory and
 * read back once. The size limit applies while streaming; the file is deleted in every case.
 */
final class UploadSpool {
    private final Path directory;
    private final long memoryThreshold;
    private final Executor blocking;

    UploadSpool(Path directory, long memoryThreshold, Executor blocking) {
        this.directory = directory;
        this.memoryThreshold = memoryThreshold;
        this.blocking = blocking;
    }

    CompletionStage<byte[]> receive(HttpEntity entity, long limit, Materializer materializer) {
        OptionalLong declared = entity.getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            return CompletableFuture.failedFuture(BodyReader.tooLarge(declared.getAsLong(), limit));
        }
        if (declared.isPresent() && declared.getAsLong() <= memoryThreshold) {
            return BodyReader.read(entity, limit, materializer);
        }
        Path file;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "upload-", ".blob");
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("cannot spool the upload in "
                    + directory, e));
        }
        return entity.withSizeLimit(limit).getDataBytes()
                .runWith(FileIO.toPath(file), materializer)
                .thenApplyAsync(result -> {
                    try {
                        return Files.readAllBytes(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the spooled upload " + file, e);
                    }
                }, blocking)
                .whenComplete((bytes, failure) -> deleteQuietly(file));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the spool directory is cleaned at start.
        }
    }

    /** Deletes uploads left by a previous run that stopped mid-upload. */
    void cleanLeftovers() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            files.filter(path -> path.getFileName().toString().startsWith("upload-")).forEach(UploadSpool::deleteQuietly);
        } catch (IOException e) {
            // Nothing to clean, or nothing we can do about it.
        }
    }
}
