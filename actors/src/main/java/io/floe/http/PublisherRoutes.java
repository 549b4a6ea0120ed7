package io.floe.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.floe.client.BlobAggregator;
import io.floe.client.BlobLifecyclePublisher;
import io.floe.client.BlobPublisher;
import io.floe.client.NodeApiJson;
import io.floe.protocol.BlobId;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentRange;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The publisher/aggregator API (Walrus' daemon API, docs/node-api.md): {@code PUT /v1/blobs} stores a blob through
 * the {@link BlobPublisher}, {@code GET /v1/blobs/{id}} reads one through the {@link BlobAggregator}, with
 * {@code Range} support; {@code DELETE /v1/blobs/{id}} (owner's token) and {@code POST /v1/blobs/{id}/extend} go
 * through the {@link BlobLifecyclePublisher}. Uploads over the maximum blob size are refused with 413 before they are read.
 */
public final class PublisherRoutes extends AllDirectives {
    private final BlobPublisher publisher;
    private final BlobAggregator aggregator;
    private final BlobLifecyclePublisher lifecycle;
    private final UploadSpool spool;
    private final Executor blocking;
    private final long maxBlobSize;
    private final Duration requestTimeout;

    PublisherRoutes(BlobPublisher publisher, BlobAggregator aggregator, BlobLifecyclePublisher lifecycle,
            UploadSpool spool, Executor blocking, long maxBlobSize, Duration requestTimeout) {
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
                throw NodeApiException.bodyTooLarge("blob is " + declared.getAsLong() + " bytes; the maximum is "
                        + limit + " bytes (" + (committeeMax <= maxBlobSize ? "what this committee's shards can hold"
                                : "floe.data-plane.max-blob-size") + "); store a smaller blob");
            }
            return completeWithFuture(
                spool.receive(entity, limit, materializer)
                        .thenApplyAsync(blob -> json(publisher.store(blob, epochs, deletable).toJson()), blocking)
                        .exceptionally(ApiErrors::response));
        }));
    }

    private Route read(BlobId blobId) {
        return optionalHeaderValueByName("Range", range -> completeWithFuture(CompletableFuture.supplyAsync(() -> {
            byte[] blob = aggregator.read(blobId);
            Optional<ByteRange> requested;
            try {
                requested = ByteRange.parse(range, blob.length);
            } catch (NodeApiException e) {
                return ApiErrors.response(e).addHeader(org.apache.pekko.http.javadsl.model.headers.ContentRange
                        .create(RangeUnits.BYTES, ContentRange.createUnsatisfiable(blob.length)));
            }
            if (requested.isEmpty()) {
                return HttpResponse.create().withEntity(ContentTypes.APPLICATION_OCTET_STREAM, blob);
            }
            ByteRange slice = requested.get();
            byte[] part = Arrays.copyOfRange(blob, (int) slice.first(), (int) slice.last() + 1);
            return HttpResponse.create().withStatus(206)
                    .addHeader(org.apache.pekko.http.javadsl.model.headers.ContentRange.create(RangeUnits.BYTES,
                            ContentRange.create(slice.first(), slice.last(), blob.length)))
                    .withEntity(ContentTypes.APPLICATION_OCTET_STREAM, part);
        }, blocking).exceptionally(ApiErrors::response)));
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
