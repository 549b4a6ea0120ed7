package io.floe.http;

import io.floe.storage.NodeApiException;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Reads a request body into one byte array, refusing it with 413 as soon as it is known to exceed its limit: at once
 * from {@code Content-Length}, or while streaming. With a declared length the array is allocated once at its final
 * size, so the body is held once.
 */
final class BodyReader {
    private BodyReader() {
    }

    static CompletionStage<byte[]> read(HttpEntity entity, long limit, Materializer materializer) {
        OptionalLong declared = entity.getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            return CompletableFuture.failedFuture(tooLarge(declared.getAsLong(), limit));
        }
        if (limit > Integer.MAX_VALUE - 8) {
            limit = Integer.MAX_VALUE - 8;
        }
        int initial = declared.isPresent() ? (int) declared.getAsLong() : (int) Math.min(limit, 64 * 1024);
        return entity.withSizeLimit(limit).getDataBytes()
                .runWith(Sink.fold(new Buffer(initial), Buffer::append), materializer)
                // Not thenApply: Scala's CompletionStage runs a plain thenApply as thenApplyAsync on the common
                // pool, which on two cores is a new thread per task (a thread started for every request body).
                .thenApplyAsync(Buffer::toArray, Runnable::run);
    }

    static NodeApiException tooLarge(long size, long limit) {
        return NodeApiException.bodyTooLarge("request body is " + size + " bytes; the limit for this request is "
                + limit + " bytes");
    }

    /** A growable array that hands out its own storage when it was sized exactly. */
    private static final class Buffer {
        private byte[] bytes;
        private int length;

        Buffer(int initial) {
            bytes = new byte[initial];
        }

        Buffer append(ByteString chunk) {
            int needed = length + chunk.size();
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8L,
                        bytes.length * 2L)));
            }
            chunk.copyToArray(bytes, length, chunk.size());
            length = needed;
            return this;
        }

        byte[] toArray() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }
}
