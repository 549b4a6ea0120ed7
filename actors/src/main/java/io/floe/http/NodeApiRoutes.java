package io.floe.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.NodeApiJson;
import io.floe.epoch.EpochCoordinator.EpochChangeRequested;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.SliverType;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import io.floe.storage.RecoverySymbolsCodec;
import io.floe.storage.ShardState;
import io.floe.storage.ShardSyncCodec;
import io.floe.storage.ShardSyncPage;
import io.floe.client.ShardSyncSettings;
import io.floe.storage.StorageService;
import io.floe.storage.StoreOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node API of docs/node-api.md over a {@link StorageService}: paths, bodies (size-limited per request, read
 * once), BCS and JSON responses, and AIP-193 errors. Storage work runs on the blocking executor.
 */
public final class NodeApiRoutes extends AllDirectives {
    private static final long REGISTRATION_BODY_LIMIT = 4096;
    private static final int DEFAULT_SYNC_PAGE = 64;
    private static final ContentType.Binary PROTOBUF = ContentTypes.create(
            MediaTypes.applicationBinary("x-protobuf", MediaTypes.NOT_COMPRESSIBLE));

    private final StorageService service;
    private final Executor blocking;
    private final Duration requestTimeout;
    private final long syncPageBytes;
    private final EpochChanges epochChanges;

    /** Asks the node's control plane for the next epoch now (the operator's {@code POST /v1/admin/epoch-change}). */
    @FunctionalInterface
    public interface EpochChanges {
        /** None: the node runs no control plane, so the admin route answers 503. */
        EpochChanges NONE = () -> CompletableFuture.failedFuture(
                new IllegalStateException("this node runs no epoch control plane"));

        CompletionStage<EpochChangeRequested> request();
    }

    /**
     * @param syncPageBytes about how many bytes one page of {@code GET /v1/shards/{shard}/slivers} may carry
     */
    public NodeApiRoutes(StorageService service, Executor blocking, Duration requestTimeout, long syncPageBytes) {
        this(service, blocking, requestTimeout, syncPageBytes, EpochChanges.NONE);
    }

    /**
     * @param syncPageBytes about how many bytes one page of {@code GET /v1/shards/{shard}/slivers} may carry
     * @param epochChanges where the operator's epoch-change requests go
     */
    public NodeApiRoutes(StorageService service, Executor blocking, Duration requestTimeout, long syncPageBytes,
            EpochChanges epochChanges) {
        this.service = service;
        this.blocking = blocking;
        this.requestTimeout = requestTimeout;
        this.syncPageBytes = syncPageBytes;
        this.epochChanges = epochChanges;
    }

    /** The sealed route: every failure leaves as error JSON. */
    public Route route() {
        return ApiErrors.seal(withRequestTimeout(requestTimeout, request -> ApiErrors.response(
                NodeApiException.unavailable(ErrorReason.NOT_READY, "request took longer than " + requestTimeout
                        + "; the node is overloaded, retry later")), () ->
                pathPrefix("v1", () -> concat(
                        path("health", () -> get(() -> blocking(this::health))),
                        path("committee", () -> get(() -> blocking(this::committee))),
                        path("shards", () -> get(() -> blocking(this::shards))),
                        path(segment("shards").slash(segment()).slash("slivers"), shardText -> get(() ->
                                parameterOptional("after", after -> parameterOptional("limit", limit ->
                                        blocking(() -> syncPage(shardText, after, limit)))))),
                        path(segment("admin").slash("epoch-change"), () -> post(this::epochChange)),
                        pathPrefix("blobs", () -> concat(
                                pathEndOrSingleSlash(() -> get(this::listing)),
                                pathPrefix(segment(), idText -> blob(parseBlobId(idText)))))))));
    }

    private Route listing() {
        return parameterOptional("after", after -> parameterOptional("limit", limit -> blocking(() -> success(200,
                NodeApiJson.listing(service.list(after.map(NodeApiRoutes::parseBlobId).orElse(null),
                        parseLimit(limit)))))));
    }

    /** The largest page of {@code GET /v1/blobs}; larger requests get this many. */
    static final int MAX_LIST_LIMIT = 1000;

    static int parseLimit(Optional<String> text) {
        if (text.isEmpty()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1) {
                return Math.min(limit, MAX_LIST_LIMIT);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "limit must be a positive integer, got '"
                + text.get() + "'");
    }

    private Route blob(BlobId id) {
        return concat(
                pathEndOrSingleSlash(() -> delete(() -> DeletionTokens.token(token -> blocking(() ->
                        success(200, NodeApiJson.MAPPER.getNodeFactory().textNode(
                                service.delete(id, token) == StoreOutcome.CREATED ? "blob deleted"
                                        : "blob already deleted")))))),
                path("extend", () -> post(() -> withBody(() -> REGISTRATION_BODY_LIMIT, body -> {
                    long endEpoch = service.extend(id, parseEndEpoch(body));
                    return success(200, NodeApiJson.object().put("blobId", id.toString()).put("endEpoch", endEpoch));
                }))),
                path("registration", () -> put(() -> withBody(registrationBodyLimit(),
                        body -> stored(register(id, body), "blob registered")))),
                path("metadata", () -> concat(
                        put(() -> withBody(service::maxMetadataBodyBytes,
                                body -> stored(service.storeMetadata(id, body), "metadata stored"))),
                        get(() -> blocking(() -> bcs(service.readMetadata(id).toBcs()))))),
                path("slivers", () -> put(() -> parameterOptional("confirm", confirm ->
                        parameterOptional("objectId", objectId -> {
                            Optional<BlobPersistence> confirmFor = parseConfirm(confirm, objectId);
                            return withBody(() -> service.sliverBatchBodyLimit(id),
                                    body -> storedSlivers(id, body, confirmFor));
                        })))),
                path(segment("slivers").slash(segment()).slash(segment()), (pairText, typeText) -> {
                    int pair = parsePair(pairText);
                    SliverType type = parseType(typeText);
                    return concat(
                            put(() -> withBody(() -> service.sliverBodyLimit(id, pair, type),
                                    body -> stored(service.storeSliver(id, pair, type, body), "sliver stored"))),
                            get(() -> blocking(() -> bcs(service.readSliver(id, pair, type).toBcs()))));
                }),
                path(segment("confirmation").slash("permanent"), () -> get(() -> blocking(() ->
                        confirmation(id, BlobPersistence.permanent())))),
                path(segment("confirmation").slash("deletable").slash(segment()), objectId -> get(() -> blocking(() ->
                        confirmation(id, BlobPersistence.deletable(parseObjectId(objectId)))))),
                path("certificate", () -> concat(
                        post(() -> withBody(service::maxCertificateBodyBytes,
                                body -> stored(service.acceptCertificate(id, body), "certificate accepted"))),
                        get(() -> blocking(() -> bcs(service.certificate(id).toBcs()))))),
                path("status", () -> get(() -> blocking(() ->
                        success(200, NodeApiJson.status(service.status(id)))))),
                path("recoverySymbols", () -> get(() -> parameter("targetSliver", target ->
                        parameter("targetType", type -> blocking(() -> bcs(RecoverySymbolsCodec.encode(
                                service.recoverySymbols(id, parseIndex(target), parseType(type))))))))),
                path(segment("inconsistencyProof").slash(segment()), typeText -> {
                    SliverType type = parseType(typeText);
                    return post(() -> withBody(() -> service.maxInconsistencyProofBodyBytes(id),
                            body -> success(200, NodeApiJson.signed(
                                    service.acceptInconsistencyProof(id, type, body),
                                    service.view().keys().publicKey()))));
                }));
    }

    private HttpResponse health() {
        ObjectNode health = NodeApiJson.object();
        Optional<Committee> committee = service.view().committee();
        health.put("nodeId", service.view().nodeId());
        health.put("epoch", service.view().epoch());
        health.put("ready", committee.isPresent());
        health.put("publicKey", service.view().keys().publicKey().toString());
        return success(200, health);
    }

    private HttpResponse committee() {
        Committee committee = service.view().committee().orElseThrow(() -> NodeApiException.unavailable(
                ErrorReason.NOT_READY, "node " + service.view().nodeId() + " does not know the committee yet"));
        ObjectNode node = NodeApiJson.object();
        node.put("epoch", committee.epoch());
        node.put("nShards", committee.shards());
        ArrayNode members = node.putArray("members");
        for (CommitteeMember member : committee.members()) {
            ObjectNode entry = members.addObject();
            entry.put("nodeId", member.nodeId());
            entry.put("publicKey", member.publicKey().toString());
            entry.put("apiUrl", member.apiUrl());
            ArrayNode shards = entry.putArray("shards");
            member.shards().forEach(shards::add);
        }
        return success(200, node);
    }

    private HttpResponse shards() {
        ObjectNode node = NodeApiJson.object();
        node.put("nodeId", service.view().nodeId());
        node.put("epoch", service.view().epoch());
        node.put("epochChangeDone", service.view().epochChangeDone());
        ArrayNode owned = node.putArray("owned");
        service.view().committee().ifPresent(committee -> service.view().shardsIn(committee).forEach(owned::add));
        ArrayNode shards = node.putArray("shards");
        for (ShardState state : service.shardStates().all()) {
            ObjectNode entry = shards.addObject();
            entry.put("shard", state.shard());
            entry.put("status", state.status().name());
            entry.put("epoch", state.epoch());
            entry.put("synced", state.synced());
            entry.put("total", state.total());
            entry.put("recovered", state.recovered());
            state.source().ifPresentOrElse(source -> entry.put("source", source), () -> entry.putNull("source"));
        }
        return success(200, node);
    }

    private HttpResponse syncPage(String shardText, Optional<String> after, Optional<String> limitText) {
        int shard;
        try {
            shard = Integer.parseInt(shardText);
        } catch (NumberFormatException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE, "shard '" + shardText
                    + "' is not a decimal index");
        }
        int limit = DEFAULT_SYNC_PAGE;
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ShardSyncSettings.MAX_PAGE_BLOBS) {
                throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "limit '" + limitText.get()
                        + "' must be a number of blobs between 1 and " + ShardSyncSettings.MAX_PAGE_BLOBS);
            }
        }
        BlobId cursor = after.map(NodeApiRoutes::parseBlobId).orElse(null);
        ShardSyncPage page = service.shardSyncPage(shard, cursor, limit, syncPageBytes);
        return HttpResponse.create().withEntity(PROTOBUF, ShardSyncCodec.encodePage(page));
    }

    /** 202 with the epoch being prepared; 503 when there is no committee yet or the coordinator does not answer. */
    private Route epochChange() {
        return completeWithFuture(epochChanges.request().toCompletableFuture()
                .thenApply(requested -> {
                    if (!requested.accepted()) {
                        throw NodeApiException.unavailable(ErrorReason.NOT_READY, requested.refusal());
                    }
                    ObjectNode data = NodeApiJson.object();
                    data.put("epoch", requested.epoch());
                    data.put("currentEpoch", service.view().epoch());
                    return success(202, data);
                })
                .exceptionally(failure -> {
                    NodeApiException error = ApiErrors.toApiException(failure);
                    return ApiErrors.response(error.httpStatus() != 500 ? error : NodeApiException.unavailable(
                            ErrorReason.NOT_READY, "the epoch coordinator did not take the request ("
                                    + rootMessage(failure) + "); retry in a few seconds"));
                }));
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; depth < 8 && cause.getCause() != null; depth++) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /**
     * Stores a sliver batch; asked to confirm, answers with the node's signed confirmation (as
     * {@code GET .../confirmation/...}) when it now holds every sliver of its shards, else as without.
     */
    private HttpResponse storedSlivers(BlobId id, byte[] body, Optional<BlobPersistence> confirmFor) {
        StorageService.SliverBatchResult result = service.storeSlivers(id, body, confirmFor);
        return result.confirmation()
                .map(confirmation -> success(result.outcome().httpStatus(),
                        NodeApiJson.signed(confirmation.signedMessage(), confirmation.signer())))
                .orElseGet(() -> stored(result.outcome(), "slivers stored"));
    }

    /** The {@code confirm} and {@code objectId} parameters of a sliver batch: which confirmation to sign, if any. */
    static Optional<BlobPersistence> parseConfirm(Optional<String> confirm, Optional<String> objectId) {
        boolean deletable = confirm.filter("deletable"::equals).isPresent();
        if (objectId.isPresent() && !deletable) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                    "objectId is only given with confirm=deletable");
        }
        if (confirm.isEmpty()) {
            return Optional.empty();
        }
        if (deletable) {
            return Optional.of(BlobPersistence.deletable(parseObjectId(objectId.orElseThrow(() ->
                    NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                            "confirm=deletable needs the blob's objectId")))));
        }
        if (confirm.get().equals("permanent")) {
            return Optional.of(BlobPersistence.permanent());
        }
        throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                "confirm must be 'permanent' or 'deletable', got '" + confirm.get() + "'");
    }

    private HttpResponse confirmation(BlobId id, BlobPersistence persistence) {
        SignedStorageConfirmation confirmation = service.confirm(id, persistence);
        return success(200, NodeApiJson.signed(confirmation.signedMessage(), confirmation.signer()));
    }

    /** Runs {@code work} on the blocking executor; any failure becomes error JSON. */
    private Route blocking(Supplier<HttpResponse> work) {
        return completeWithFuture(CompletableFuture.supplyAsync(work, blocking).exceptionally(ApiErrors::response));
    }

    /**
     * Computes the body limit (which may read storage and refuse the request before its body), reads the body once
     * within that limit, then runs {@code work} on it; all off the default dispatcher.
     */
    private Route withBody(Supplier<Long> limit, Function<byte[], HttpResponse> work) {
        return extractMaterializer(materializer -> extractRequestEntity(entity -> completeWithFuture(
                CompletableFuture.supplyAsync(limit, blocking)
                        .thenCompose(max -> BodyReader.read(entity, max, materializer))
                        .thenApplyAsync(work, blocking)
                        .exceptionally(ApiErrors::response))));
    }

    private static HttpResponse stored(StoreOutcome outcome, String message) {
        return success(outcome.httpStatus(), NodeApiJson.MAPPER.getNodeFactory().textNode(message));
    }

    static HttpResponse success(int code, JsonNode data) {
        return HttpResponse.create().withStatus(code)
                .withEntity(ContentTypes.APPLICATION_JSON, NodeApiJson.success(code, data));
    }

    private static HttpResponse bcs(byte[] body) {
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_OCTET_STREAM, body);
    }

    /** Parses a path's blob ID; a malformed one is 400 {@code INVALID_BLOB_ID}. */
    static BlobId parseBlobId(String text) {
        try {
            return BlobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BLOB_ID, e.getMessage());
        }
    }

    private static int parsePair(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE, "sliver pair '" + text
                    + "' is not a decimal index");
        }
    }

    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INDEX_OUT_OF_RANGE, "target sliver '" + text
                    + "' is not a decimal index");
        }
    }

    private static SliverType parseType(String text) {
        try {
            return SliverType.fromPathName(text);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, e.getMessage());
        }
    }

    private static byte[] parseObjectId(String text) {
        try {
            return NodeApiJson.decodeObjectId(text);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, e.getMessage());
        }
    }

    private static long parseEndEpoch(byte[] body) {
        JsonNode endEpoch;
        try {
            endEpoch = NodeApiJson.read(body).path("endEpoch");
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, e.getMessage());
        }
        if (!endEpoch.canConvertToLong() || endEpoch.asLong() < 0) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                    "extension needs {\"endEpoch\": <non-negative integer>}");
        }
        return endEpoch.asLong();
    }

    /** A registration, with room for the metadata it may carry (base64: 4/3 of its BCS size). */
    private Supplier<Long> registrationBodyLimit() {
        return () -> REGISTRATION_BODY_LIMIT + 2 * service.maxMetadataBodyBytes();
    }

    /** {@code PUT .../registration}: a registration alone, or carrying the blob's metadata. */
    private StoreOutcome register(BlobId id, byte[] body) {
        NodeApiJson.RegistrationRequest request;
        try {
            request = NodeApiJson.parseRegistrationRequest(body);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "invalid registration: "
                    + e.getMessage());
        }
        return request.metadata().isPresent()
                ? service.register(id, request.registration(), request.metadata().get())
                : service.register(id, request.registration());
    }
}
