package io.floe.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.floe.client.BlobAggregator;
import io.floe.client.BlobLifecyclePublisher;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiJson;
import io.floe.client.PublishResult;
import io.floe.metrics.FloeMetrics;
import io.floe.protocol.BlobId;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentRange;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The publisher/aggregator API (Walrus' daemon API, docs/node-api.md): {@code PUT /v1/blobs} stores a blob through
 * the {@link BlobPublisher}, {@code GET /v1/blobs/{id}} reads one through the {@link BlobAggregator}, with
 * {@code Range} support; {@code DELETE /v1/blobs/{id}} (owner's token) and {@code POST /v1/blobs/{id}/extend} go
 * through the {@link BlobLifecyclePublisher}. Uploads over the maximum blob size are refused with 413 and nothing
 * stored: at once when the declared length is over {@link #DRAINED_REFUSAL_BYTES}, else once the body has been read
 * and dropped, so that the answer reaches a client still sending.
 */
public final class PublisherRoutes extends AllDirectives {
    private static final int CHUNK_BYTES = 1 << 20;
    /**
     * An upload declared over the limit but not over this is read and dropped before its 413 (so that the answer
     * reaches a client still sending it); a larger one is answered at once and its connection closed.
     */
    static final long DRAINED_REFUSAL_BYTES = 16L << 20;

    private final BlobPublisher publisher;
    private final BlobAggregator aggregator;
    private final BlobLifecyclePublisher lifecycle;
    private final UploadSpool spool;
    private final Executor blocking;
    private final long maxBlobSize;
    private final Duration requestTimeout;
    private final FloeMetrics metrics;

    PublisherRoutes(BlobPublisher publisher, BlobAggregator aggregator, BlobLifecyclePublisher lifecycle,
            UploadSpool spool, Executor blocking, long maxBlobSize, Duration requestTimeout, FloeMetrics metrics) {
        this.metrics = metrics;
        this.publisher = publisher;
        this.aggregator = aggregator;
        this.lifecycle = lifecycle;
        this.spool = spool;
        this.blocking = blocking;
        this.maxBlobSize = maxBlobSize;
        this.requestTimeout = requestTimeout;
    }

    /** The sealed route: every failure leaves as error JSON. */
    public Route route() {
        return ApiErrors.seal(withRequestTimeout(requestTimeout, request -> ApiErrors.response(
                NodeApiException.unavailable(ErrorReason.NOT_READY, "request took longer than " + requestTimeout
                        + "; retry later")), () ->
                pathPrefix("v1", () -> pathPrefix("blobs", () -> concat(
                        pathEndOrSingleSlash(() -> concat(
                                put(() -> parameterOptional("epochs", epochs ->
                                        parameterOptional("deletable", deletable ->
                                                parameterOptional("permanent", permanent ->
                                                        store(parseEpochs(epochs),
                                                                parseDeletable(deletable, permanent)))))),
                                get(() -> parameterOptional("after", after -> parameterOptional("limit", limit ->
                                        blocking(() -> lifecycle.list(after.map(NodeApiRoutes::parseBlobId)
                                                .orElse(null), NodeApiRoutes.parseLimit(limit)))))))),
                        path(segment(), idText -> concat(
                                get(() -> read(NodeApiRoutes.parseBlobId(idText))),
                                delete(() -> DeletionTokens.token(token -> blocking(() ->
                                        lifecycle.delete(NodeApiRoutes.parseBlobId(idText), token)))))),
                        path(segment().slash("extend"), idText -> post(() -> parameterOptional("epochs", epochs ->
                                blocking(() -> lifecycle.extend(NodeApiRoutes.parseBlobId(idText),
                                        parseEpochs(epochs)))))))))));
    }

    /** Runs {@code work} on the publisher's executor and answers with its JSON; failures become error JSON. */
    private Route blocking(java.util.function.Supplier<com.fasterxml.jackson.databind.JsonNode> work) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> json(work.get()), blocking)
                .exceptionally(ApiErrors::response));
    }

    private Route store(int epochs, boolean deletable) {
        publisher.checkEpochs(epochs);
        long committeeMax = publisher.committeeMaxBlobSize();
        long limit = Math.min(maxBlobSize, committeeMax);
        return extractMaterializer(materializer -> extractRequestEntity(entity -> {
            java.util.OptionalLong declared = entity.getContentLengthOption();
            if (declared.isPresent() && declared.getAsLong() > limit) {
                NodeApiException refused = NodeApiException.bodyTooLarge("blob is " + declared.getAsLong()
                        + " bytes; the maximum is " + limit + " bytes (" + (committeeMax <= maxBlobSize
                                ? "what this committee's shards can hold" : "floe.data-plane.max-blob-size")
                        + "); store a smaller blob");
                if (declared.getAsLong() > DRAINED_REFUSAL_BYTES) {
                    throw refused;
                }
                // Answered once the body is read and dropped: a connection closed on a client still sending is
                // reset, and the reset can discard the 413 before the client reads it.
                return completeWithFuture(entity.discardBytes(materializer).completionStage()
                        .handle((done, failure) -> ApiErrors.response(refused)));
            }
            return completeWithFuture(
                spool.receive(entity, limit, materializer)
                        .thenApplyAsync(upload -> json(store(upload, epochs, deletable).toJson()), blocking)
                        .exceptionally(ApiErrors::response));
        }));
    }

    /** Stores through the publisher, counted in the node's metrics and recent activity. */
    private PublishResult store(Upload upload, int epochs, boolean deletable) {
        long started = System.nanoTime();
        PublishResult result;
        try (upload) {
            if (upload instanceof Upload.InMemory memory) {
                result = publisher.store(memory.bytes(), epochs, deletable);
            } else {
                result = publisher.store(((Upload.Spooled) upload).file(), spool.directory(), epochs, deletable);
            }
        } catch (RuntimeException e) {
            metrics.requestFailed("store", null, e.getMessage());
            throw e;
        }
        metrics.blobStored(result.blobId(), upload.length(), result instanceof PublishResult.NewlyCreated,
                System.nanoTime() - started);
        return result;
    }

    private Route read(BlobId blobId) {
        return optionalHeaderValueByName("Range", range -> completeWithFuture(CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            byte[] blob;
            try {
                blob = aggregator.read(blobId);
            } catch (RuntimeException e) {
                metrics.requestFailed("read", blobId.toString(), e.getMessage());
                throw e;
            }
            metrics.blobRead(blobId, blob.length, System.nanoTime() - started);
            Optional<ByteRange> requested;
            try {
                requested = ByteRange.parse(range, blob.length);
            } catch (NodeApiException e) {
                return ApiErrors.response(e).addHeader(org.apache.pekko.http.javadsl.model.headers.ContentRange
                        .create(RangeUnits.BYTES, ContentRange.createUnsatisfiable(blob.length)));
            }
            if (requested.isEmpty()) {
                return HttpResponse.create().withEntity(streamed(blob, 0, blob.length));
            }
            ByteRange slice = requested.get();
            return HttpResponse.create().withStatus(206)
                    .addHeader(org.apache.pekko.http.javadsl.model.headers.ContentRange.create(RangeUnits.BYTES,
                            ContentRange.create(slice.first(), slice.last(), blob.length)))
                    .withEntity(streamed(blob, (int) slice.first(), (int) (slice.last() - slice.first() + 1)));
        }, blocking).exceptionally(ApiErrors::response)));
    }

    /**
     * {@code length} bytes of {@code blob} from {@code offset} as a streamed entity of {@link #CHUNK_BYTES} chunks
     * that share the array: the HTTP layer neither copies the blob nor holds a second one.
     */
    static ResponseEntity streamed(byte[] blob, int offset, int length) {
        if (length == 0) {
            return HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, new byte[0]);
        }
        List<ByteString> chunks = new ArrayList<>(length / CHUNK_BYTES + 1);
        for (int start = offset; start < offset + length; start += CHUNK_BYTES) {
            chunks.add(ByteString.fromArrayUnsafe(blob, start, Math.min(CHUNK_BYTES, offset + length - start)));
        }
        return HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, length, Source.from(chunks));
    }

    private static HttpResponse json(com.fasterxml.jackson.databind.JsonNode body) {
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, NodeApiJson.write(body));
    }

    private static int parseEpochs(Optional<String> text) {
        if (text.isEmpty()) {
            return 1;
        }
        try {
            int epochs = Integer.parseInt(text.get());
            if (epochs >= 1) {
                return epochs;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "epochs must be a positive integer, got '"
                + text.get() + "'");
    }

    /** {@code deletable=true} or {@code permanent=true} (the default); asking for both is an error. */
    private static boolean parseDeletable(Optional<String> deletable, Optional<String> permanent) {
        boolean isDeletable = flag("deletable", deletable);
        boolean isPermanent = flag("permanent", permanent);
        if (isDeletable && isPermanent) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                    "a blob is either deletable=true or permanent=true, not both");
        }
        return isDeletable;
    }

    private static boolean flag(String name, Optional<String> value) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return value.isPresent();
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, name
                    + " must be true or false, got '" + value.get() + "'");
        };
    }
}
