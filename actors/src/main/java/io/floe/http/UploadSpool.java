package io.floe.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;

/**
 * Receives an uploaded blob so that it is held once, and never in the heap when it is large: a body of known length
 * up to the memory threshold goes straight into one array, while the in-memory uploads in flight stay within the
 * memory budget; a larger one, one of unknown length, or one that would exceed the budget is streamed to a temporary
 * file in the spool directory, which the publisher encodes through a memory-mapped expansion. The size limit applies
 * while streaming; a spooled file is deleted when its {@link Upload} is closed, or at once if the upload fails.
 */
final class UploadSpool {
    private final Path directory;
    private final long memoryThreshold;
    private final long memoryBudget;
    private final AtomicLong inMemory = new AtomicLong();
    private final Executor blocking;

    UploadSpool(Path directory, long memoryThreshold, long memoryBudget, Executor blocking) {
        this.directory = directory;
        this.memoryThreshold = memoryThreshold;
        this.memoryBudget = memoryBudget;
        this.blocking = blocking;
    }

    /** Where spooled uploads (and the scratch files of their expansions) go. */
    Path directory() {
        return directory;
    }

    /** Bytes of in-memory uploads not yet closed. */
    long bytesInMemory() {
        return inMemory.get();
    }

    CompletionStage<Upload> receive(HttpEntity entity, long limit, Materializer materializer) {
        OptionalLong declared = entity.getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            return CompletableFuture.failedFuture(BodyReader.tooLarge(declared.getAsLong(), limit));
        }
        if (declared.isPresent() && declared.getAsLong() <= memoryThreshold && reserve(declared.getAsLong())) {
            long reserved = declared.getAsLong();
            Runnable release = () -> inMemory.addAndGet(-reserved);
            return BodyReader.read(entity, limit, materializer)
                    .<Upload>thenApply(bytes -> new Upload.InMemory(bytes, once(release)))
                    .whenComplete((upload, failure) -> {
                        if (failure != null) {
                            release.run();
                        }
                    });
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
                .<Upload>thenApplyAsync(result -> new Upload.Spooled(file, result.getCount()), blocking)
                .whenComplete((upload, failure) -> {
                    if (failure != null) {
                        deleteQuietly(file);
                    }
                });
    }

    private boolean reserve(long bytes) {
        long after = inMemory.addAndGet(bytes);
        if (after <= memoryBudget) {
            return true;
        }
        inMemory.addAndGet(-bytes);
        return false;
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
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
            files.filter(path -> path.getFileName().toString().startsWith("upload-")
                    || path.getFileName().toString().startsWith("expansion-")).forEach(UploadSpool::deleteQuietly);
        } catch (IOException e) {
            // Nothing to clean, or nothing we can do about it.
        }
    }
}
