package io.floe.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedMessage;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.VerifiedBlobMetadata;
import io.floe.protocol.recovery.InconsistencyProof;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.storage.BlobListing;
import io.floe.storage.BlobRegistration;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import io.floe.storage.RecoverySymbolsCodec;
import io.floe.storage.ShardSyncCodec;
import io.floe.storage.ShardSyncPage;
import io.floe.storage.SliverBatch;
import io.floe.storage.StoreOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node API of one storage node over HTTP/1.1 (java.net.http): typed calls with the BCS and JSON bodies of
 * docs/node-api.md. Error responses become the {@link NodeApiException} the node threw; a node that does not answer
 * is a {@link NodeUnreachableException}. Thread-safe; blocking.
 */
public final class NodeApiClient {
    private static final String OCTET_STREAM = "application/octet-stream";
    /** The header that carries a deletion token (base64url); {@code Authorization: Bearer} works too. */
    public static final String DELETION_TOKEN_HEADER = "X-Floe-Deletion-Token";

    private final HttpClient http;
    private final String baseUrl;
    private final Duration requestTimeout;

    /** A client of the node at {@code baseUrl} (such as {@code http://127.0.0.1:9001}) sharing {@code http}. */
    public NodeApiClient(HttpClient http, String baseUrl, Duration requestTimeout) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET /v1/health}: {@code {nodeId, epoch, ready, publicKey}}. */
    public JsonNode health() {
        return NodeApiJson.successData(send(get("/v1/health")));
    }

    /** {@code GET /v1/status}: what the node says about itself (docs/node-api.md). */
    public JsonNode nodeStatus() {
        return NodeApiJson.successData(send(get("/v1/status")));
    }

    /** {@code GET /v1/committee}: the committee this node knows; 503 {@code NOT_READY} before it knows one. */
    public Committee committee() {
        byte[] body = send(get("/v1/committee"));
        try {
            return NodeApiJson.parseCommittee(NodeApiJson.successData(body));
        } catch (IllegalArgumentException e) {
            throw badResponse("committee", e);
        }
    }

    public StoreOutcome register(BlobId blobId, BlobRegistration registration) {
        return outcome(sendForStatus(put(blobPath(blobId, "/registration"), "application/json",
                NodeApiJson.registration(registration))));
    }

    /** Registers the blob and stores its metadata in one request (a registration carrying {@code metadata}). */
    public StoreOutcome register(BlobId blobId, BlobRegistration registration, BlobMetadata metadata) {
        return outcome(sendForStatus(put(blobPath(blobId, "/registration"), "application/json",
                NodeApiJson.registration(registration, metadata.toBcs()))));
    }

    public StoreOutcome putMetadata(BlobId blobId, BlobMetadata metadata) {
        return outcome(sendForStatus(put(blobPath(blobId, "/metadata"), OCTET_STREAM, metadata.toBcs())));
    }

    /** The node's metadata of {@code blobId}, checked to hash to it. */
    public VerifiedBlobMetadata metadata(BlobId blobId) {
        byte[] body = send(get(blobPath(blobId, "/metadata")));
        VerifiedBlobMetadata metadata;
        try {
            metadata = VerifiedBlobMetadata.fromBcs(body);
        } catch (IllegalArgumentException e) {
            throw badResponse("metadata of " + blobId, e);
        }
        if (!metadata.blobId().equals(blobId)) {
            throw badResponse("metadata of " + blobId, new BcsException("it is the metadata of " + metadata.blobId()));
        }
        return metadata;
    }

    public StoreOutcome putSliver(BlobId blobId, int pair, Sliver sliver) {
        return outcome(sendForStatus(put(sliverPath(blobId, pair, sliver.type()), OCTET_STREAM, sliver.toBcs())));
    }

    /**
     * Several slivers of {@code blobId} in one request ({@code PUT /v1/blobs/{id}/slivers}), stored all or none,
     * asking for the node's confirmation of {@code confirmFor} in the same request: present when the node now holds
     * every sliver of its shards; the signer is the key the node names, to be checked by the caller.
     */
    public Optional<SignedStorageConfirmation> putSlivers(BlobId blobId, List<SliverBatch.Entry> slivers,
            BlobPersistence confirmFor) {
        String query = confirmFor instanceof BlobPersistence.Deletable deletable
                ? "?confirm=deletable&objectId=" + NodeApiJson.base64Url(deletable.objectId())
                : "?confirm=permanent";
        byte[] body = send(put(blobPath(blobId, "/slivers" + query), OCTET_STREAM, SliverBatch.encode(slivers)));
        try {
            JsonNode data = NodeApiJson.successData(body);
            if (!data.has("signed")) {
                return Optional.empty();
            }
            NodeApiJson.Signed signed = NodeApiJson.parseSigned(data);
            return Optional.of(SignedStorageConfirmation.of(signed.message(), signed.signer()));
        } catch (IllegalArgumentException e) {
            throw badResponse("confirmation of " + blobId, e);
        }
    }

    /** A sliver as the node sends it; the caller verifies it against the metadata. */
    public Sliver sliver(BlobId blobId, int pair, SliverType type) {
        byte[] body = send(get(sliverPath(blobId, pair, type)));
        try {
            return Sliver.fromBcs(type, body);
        } catch (IllegalArgumentException e) {
            throw badResponse(type.pathName() + " sliver of pair " + pair, e);
        }
    }

    /** The node's signed confirmation; the signer is the key the node names, to be checked by the caller. */
    public SignedStorageConfirmation confirmation(BlobId blobId, BlobPersistence persistence) {
        String path = persistence instanceof BlobPersistence.Deletable deletable
                ? "/confirmation/deletable/" + NodeApiJson.base64Url(deletable.objectId())
                : "/confirmation/permanent";
        NodeApiJson.Signed signed = parseSigned(send(get(blobPath(blobId, path))));
        return SignedStorageConfirmation.of(signed.message(), signed.signer());
    }

    /** Posts a certificate: 200 persisted ({@link StoreOutcome#UNCHANGED} or CREATED), 202 accepted for adoption. */
    public StoreOutcome postCertificate(BlobId blobId, Certificate certificate) {
        return outcome(sendForStatus(post(blobPath(blobId, "/certificate"), certificate.toBcs())));
    }

    public Certificate certificate(BlobId blobId) {
        byte[] body = send(get(blobPath(blobId, "/certificate")));
        try {
            return Certificate.fromBcs(body);
        } catch (IllegalArgumentException e) {
            throw badResponse("certificate of " + blobId, e);
        }
    }

    public BlobStatusReport status(BlobId blobId) {
        try {
            return NodeApiJson.parseStatus(NodeApiJson.successData(send(get(blobPath(blobId, "/status")))));
        } catch (IllegalArgumentException e) {
            throw badResponse("status of " + blobId, e);
        }
    }

    /** The node's recovery symbols towards one target sliver; the caller checks their proofs. */
    public List<RecoverySymbol> recoverySymbols(BlobId blobId, int targetIndex, SliverType targetType) {
        byte[] body = send(get(blobPath(blobId, "/recoverySymbols?targetSliver=" + targetIndex + "&targetType="
                + targetType.pathName())));
        SliverType sourceType = targetType == SliverType.PRIMARY ? SliverType.SECONDARY : SliverType.PRIMARY;
        try {
            return RecoverySymbolsCodec.decode(body, sourceType);
        } catch (IllegalArgumentException e) {
            throw badResponse("recovery symbols of " + blobId, e);
        }
    }

    /** {@code GET /v1/shards}: the node's shard statuses and transfer progress. */
    public JsonNode shards() {
        return NodeApiJson.successData(send(get("/v1/shards")));
    }

    /**
     * One page of shard {@code shard} from its current or previous owner, after {@code after} (null: the first);
     * the caller verifies every sliver before storing it.
     */
    public ShardSyncPage shardSyncPage(int shard, BlobId after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + after);
        byte[] body = send(get("/v1/shards/" + shard + "/slivers" + query));
        try {
            ShardSyncPage page = ShardSyncCodec.decodePage(body);
            if (page.shard() != shard) {
                throw new IllegalArgumentException("it is a page of shard " + page.shard());
            }
            return page;
        } catch (IllegalArgumentException e) {
            throw badResponse("shard-sync page of shard " + shard, e);
        }
    }

    /** Posts an inconsistency proof; the node answers with its signed invalid-blob-ID message. */
    public SignedMessage postInconsistencyProof(BlobId blobId, InconsistencyProof proof) {
        return parseSigned(send(post(blobPath(blobId, "/inconsistencyProof/" + proof.targetType().pathName()),
                proof.toBcs()))).message();
    }

    /** {@code DELETE /v1/blobs/{id}} with the owner's deletion token; returns once deleted (now or before). */
    public void delete(BlobId blobId, byte[] token) {
        send(request(blobPath(blobId, "")).header(DELETION_TOKEN_HEADER, NodeApiJson.base64Url(token)).DELETE()
                .build());
    }

    /** {@code POST /v1/blobs/{id}/extend}: raises the end epoch; returns the end epoch the node now stores. */
    public long extend(BlobId blobId, long endEpoch) {
        byte[] body = NodeApiJson.write(NodeApiJson.object().put("endEpoch", endEpoch));
        JsonNode data = NodeApiJson.successData(send(request(blobPath(blobId, "/extend"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
        if (!data.path("endEpoch").canConvertToLong()) {
            throw badResponse("extension of " + blobId, new IllegalArgumentException("no endEpoch"));
        }
        return data.path("endEpoch").asLong();
    }

    /** {@code GET /v1/blobs?after=&limit=}: one page of the blobs the node records. */
    public BlobListing list(BlobId after, int limit) {
        String query = "/v1/blobs?limit=" + limit + (after == null ? "" : "&after=" + after);
        try {
            return NodeApiJson.parseListing(NodeApiJson.successData(send(get(query))));
        } catch (IllegalArgumentException e) {
            throw badResponse("blob listing", e);
        }
    }

    private NodeApiJson.Signed parseSigned(byte[] body) {
        try {
            return NodeApiJson.parseSigned(NodeApiJson.successData(body));
        } catch (IllegalArgumentException e) {
            throw badResponse("signed message", e);
        }
    }

    private static String blobPath(BlobId blobId, String rest) {
        return "/v1/blobs/" + blobId + rest;
    }

    private static String sliverPath(BlobId blobId, int pair, SliverType type) {
        return blobPath(blobId, "/slivers/" + pair + "/" + type.pathName());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest put(String path, String contentType, byte[] body) {
        return request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpRequest post(String path, byte[] body) {
        return request(path).header("Content-Type", OCTET_STREAM).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static StoreOutcome outcome(int status) {
        return switch (status) {
            case 201 -> StoreOutcome.CREATED;
            case 202 -> StoreOutcome.ACCEPTED;
            default -> StoreOutcome.UNCHANGED;
        };
    }

    private byte[] send(HttpRequest request) {
        return exchange(request).body();
    }

    private int sendForStatus(HttpRequest request) {
        return exchange(request).statusCode();
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NodeUnreachableException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException(request.method() + " " + request.uri() + " was interrupted", e);
        }
        if (response.statusCode() >= 300) {
            throw NodeApiJson.parseError(response.statusCode(), response.body(), request.uri().toString());
        }
        return response;
    }

    private NodeApiException badResponse(String what, IllegalArgumentException e) {
        return new NodeApiException(502, "UNAVAILABLE", ErrorReason.INTERNAL_ERROR, "node " + baseUrl
                + " sent a malformed " + what + ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "NodeApiClient[" + baseUrl + "]";
    }
}
