package io.floe.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.protocol.crypto.SignedMessage;
import io.floe.storage.BlobListing;
import io.floe.storage.BlobRegistration;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON shapes of the node API (docs/node-api.md), written by the routes and read by the client, so both sides
 * agree by construction: success wrapper, AIP-193 errors, registrations, signed messages and blob status.
 */
public final class NodeApiJson {
    /** The one mapper of the data plane: thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NodeApiJson() {
    }

    /** {@code {"success": {"code": code, "data": data}}}. */
    public static byte[] success(int code, JsonNode data) {
        ObjectNode success = NODES.objectNode();
        success.put("code", code);
        success.set("data", data);
        ObjectNode root = NODES.objectNode();
        root.set("success", success);
        return write(root);
    }

    /** The {@code data} of a success response. */
    public static JsonNode successData(byte[] body) {
        JsonNode data = read(body).path("success").path("data");
        if (data.isMissingNode()) {
            throw new IllegalArgumentException("response has no success.data");
        }
        return data;
    }

    /** The AIP-193 error body of {@code error}. */
    public static byte[] error(NodeApiException error) {
        ObjectNode detail = NODES.objectNode();
        detail.put("@type", "ErrorInfo");
        detail.put("reason", error.reason());
        detail.put("domain", "floe");
        detail.set("metadata", NODES.objectNode());
        ArrayNode details = NODES.arrayNode();
        details.add(detail);
        ObjectNode body = NODES.objectNode();
        body.put("code", error.httpStatus());
        body.put("status", error.status());
        body.put("message", error.getMessage());
        body.set("details", details);
        ObjectNode root = NODES.objectNode();
        root.set("error", body);
        return write(root);
    }

    /** Parses an error body back into the exception; anything else becomes a generic error with the status. */
    public static NodeApiException parseError(int httpStatus, byte[] body, String url) {
        try {
            JsonNode error = read(body).path("error");
            if (error.isObject()) {
                String reason = error.path("details").path(0).path("reason").asText(ErrorReason.INTERNAL_ERROR);
                return new NodeApiException(error.path("code").asInt(httpStatus),
                        error.path("status").asText("UNKNOWN"), reason, error.path("message").asText(""));
            }
        } catch (IllegalArgumentException e) {
            // Not JSON: fall through to the generic error below.
        }
        String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return new NodeApiException(httpStatus, "UNKNOWN", ErrorReason.INTERNAL_ERROR,
                "HTTP " + httpStatus + " from " + url + ": " + text);
    }

    /** A registration request body. */
    public static byte[] registration(BlobRegistration registration) {
        return write(registrationNode(registration));
    }

    private static ObjectNode registrationNode(BlobRegistration registration) {
        ObjectNode node = NODES.objectNode();
        node.put("unencodedLength", registration.unencodedLength());
        node.put("endEpoch", registration.endEpoch());
        node.put("deletable", registration.deletable());
        if (registration.persistence() instanceof BlobPersistence.Deletable deletable) {
            node.put("objectId", base64Url(deletable.objectId()));
        }
        return node;
    }

    /** A registration request that also carries the blob's metadata (BCS {@code BlobMetadata}, base64). */
    public static byte[] registration(BlobRegistration registration, byte[] metadataBcs) {
        ObjectNode node = registrationNode(registration);
        node.put("metadata", Base64.getEncoder().encodeToString(metadataBcs));
        return write(node);
    }

    /** A registration request: the registration, and the blob's BCS metadata when the request carries it. */
    public record RegistrationRequest(BlobRegistration registration, Optional<byte[]> metadata) {
    }

    /**
     * Parses a registration request, with the metadata it may carry, in one read of the body; a malformed one is an
     * {@link IllegalArgumentException} saying what is wrong.
     */
    public static RegistrationRequest parseRegistrationRequest(byte[] body) {
        JsonNode node = read(body);
        return new RegistrationRequest(parseRegistration(node), registrationMetadata(node));
    }

    private static BlobRegistration parseRegistration(JsonNode node) {
        JsonNode length = node.path("unencodedLength");
        JsonNode endEpoch = node.path("endEpoch");
        if (!length.canConvertToLong() || !endEpoch.canConvertToLong()) {
            throw new IllegalArgumentException("registration needs integer unencodedLength and endEpoch");
        }
        boolean deletable = node.path("deletable").asBoolean(false);
        JsonNode objectId = node.path("objectId");
        BlobPersistence persistence;
        if (deletable) {
            if (!objectId.isTextual()) {
                throw new IllegalArgumentException("a deletable registration needs an objectId (32 bytes, base64)");
            }
            persistence = BlobPersistence.deletable(decodeObjectId(objectId.asText()));
        } else {
            if (!objectId.isMissingNode() && !objectId.isNull()) {
                throw new IllegalArgumentException("a permanent registration has no objectId");
            }
            persistence = BlobPersistence.permanent();
        }
        return new BlobRegistration(length.asLong(), endEpoch.asLong(), persistence);
    }

    /** The metadata a registration request carries, if any. */
    private static Optional<byte[]> registrationMetadata(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        if (metadata.isMissingNode() || metadata.isNull()) {
            return Optional.empty();
        }
        if (!metadata.isTextual()) {
            throw new IllegalArgumentException("metadata must be BCS BlobMetadata in base64");
        }
        try {
            return Optional.of(Base64.getDecoder().decode(metadata.asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata is not base64: " + e.getMessage());
        }
    }

    /** Decodes a 32-byte object ID given as base64url (as in paths) or standard base64. */
    public static byte[] decodeObjectId(String text) {
        byte[] bytes;
        try {
            bytes = text.indexOf('+') >= 0 || text.indexOf('/') >= 0
                    ? Base64.getDecoder().decode(text) : Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("object ID '" + text + "' is not base64: " + e.getMessage());
        }
        if (bytes.length != BlobPersistence.OBJECT_ID_LENGTH) {
            throw new IllegalArgumentException("object ID is " + bytes.length + " bytes; expected 32");
        }
        return bytes;
    }

    /** {@code {"signed": {"serializedMessage", "signature", "publicKey"}}}, all standard base64. */
    public static JsonNode signed(SignedMessage message, NodePublicKey signer) {
        ObjectNode signed = NODES.objectNode();
        signed.put("serializedMessage", Base64.getEncoder().encodeToString(message.serializedMessage()));
        signed.put("signature", Base64.getEncoder().encodeToString(message.signature()));
        signed.put("publicKey", signer.toString());
        ObjectNode root = NODES.objectNode();
        root.set("signed", signed);
        return root;
    }

    /** A signed message and its signer's key, as read from {@link #signed}. */
    public record Signed(SignedMessage message, NodePublicKey signer) {
    }

    public static Signed parseSigned(JsonNode data) {
        JsonNode signed = data.path("signed");
        return new Signed(new SignedMessage(Base64.getDecoder().decode(signed.path("serializedMessage").asText()),
                Base64.getDecoder().decode(signed.path("signature").asText())),
                NodePublicKey.parse(signed.path("publicKey").asText()));
    }

    /** The status object of {@code GET .../status}. */
    public static JsonNode status(BlobStatusReport report) {
        ObjectNode node = NODES.objectNode();
        node.put("blobId", report.blobId().toString());
        node.put("status", report.status());
        putOptional(node, "endEpoch", report.endEpoch());
        node.put("deletable", report.deletable());
        putOptional(node, "certifiedEpoch", report.certifiedEpoch());
        report.objectId().ifPresent(id -> node.put("objectId", id));
        ObjectNode shards = node.putObject("shards");
        report.shards().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode shard = shards.putObject(Integer.toString(entry.getKey()));
            shard.put("primary", entry.getValue().primary());
            shard.put("secondary", entry.getValue().secondary());
        });
        return node;
    }

    /**
     * The committee of {@code GET /v1/committee} ({@code {epoch, nShards, members: [{nodeId, publicKey, apiUrl,
     * shards}]}}), checked as any committee is: shards {@code 0..n-1} each once, unique ids and keys.
     */
    public static Committee parseCommittee(JsonNode node) {
        if (!node.path("epoch").canConvertToLong() || !node.path("members").isArray()) {
            throw new IllegalArgumentException("expected {epoch, nShards, members}, got " + node);
        }
        List<CommitteeMember> members = new ArrayList<>();
        for (JsonNode member : node.path("members")) {
            List<Integer> shards = new ArrayList<>();
            member.path("shards").forEach(shard -> shards.add(shard.asInt()));
            members.add(new CommitteeMember(member.path("nodeId").asText(),
                    NodePublicKey.parse(member.path("publicKey").asText(null)), member.path("apiUrl").asText(),
                    shards));
        }
        Committee committee = new Committee(node.path("epoch").asLong(), members);
        if (node.has("nShards") && node.path("nShards").asInt() != committee.shards()) {
            throw new IllegalArgumentException("nShards is " + node.path("nShards") + " but the members own "
                    + committee.shards() + " shards");
        }
        return committee;
    }

    public static BlobStatusReport parseStatus(JsonNode node) {
        Map<Integer, BlobStatusReport.ShardSlivers> shards = new LinkedHashMap<>();
        node.path("shards").fields().forEachRemaining(entry -> shards.put(Integer.parseInt(entry.getKey()),
                new BlobStatusReport.ShardSlivers(entry.getValue().path("primary").asBoolean(),
                        entry.getValue().path("secondary").asBoolean())));
        JsonNode objectId = node.path("objectId");
        return new BlobStatusReport(BlobId.parse(node.path("blobId").asText()), node.path("status").asText(),
                optionalLong(node.path("endEpoch")), node.path("deletable").asBoolean(),
                optionalLong(node.path("certifiedEpoch")),
                objectId.isTextual() ? Optional.of(objectId.asText()) : Optional.empty(), shards);
    }

    /** The data of {@code GET /v1/blobs}: {@code {"blobs": [...], "next": "<blob ID>" | null}}. */
    public static JsonNode listing(BlobListing listing) {
        ObjectNode node = NODES.objectNode();
        ArrayNode blobs = node.putArray("blobs");
        for (BlobListing.Entry entry : listing.blobs()) {
            ObjectNode blob = blobs.addObject();
            blob.put("blobId", entry.blobId().toString());
            blob.put("status", entry.status());
            blob.put("size", entry.size());
            blob.put("endEpoch", entry.endEpoch());
            putOptional(blob, "certifiedEpoch", entry.certifiedEpoch());
            blob.put("deletable", entry.deletable());
            entry.deletionToken().ifPresent(token -> blob.put("deletionToken", token));
        }
        if (listing.next().isPresent()) {
            node.put("next", listing.next().get().toString());
        } else {
            node.putNull("next");
        }
        return node;
    }

    /** Parses {@link #listing}; a malformed one is an {@link IllegalArgumentException}. */
    public static BlobListing parseListing(JsonNode node) {
        JsonNode blobs = node.path("blobs");
        if (!blobs.isArray()) {
            throw new IllegalArgumentException("listing has no blobs array");
        }
        List<BlobListing.Entry> entries = new ArrayList<>();
        for (JsonNode blob : blobs) {
            JsonNode token = blob.path("deletionToken");
            entries.add(new BlobListing.Entry(BlobId.parse(blob.path("blobId").asText()),
                    blob.path("status").asText(), blob.path("size").asLong(), blob.path("endEpoch").asLong(),
                    optionalLong(blob.path("certifiedEpoch")), blob.path("deletable").asBoolean(),
                    token.isTextual() ? Optional.of(token.asText()) : Optional.empty()));
        }
        JsonNode next = node.path("next");
        return new BlobListing(entries, next.isTextual() ? Optional.of(BlobId.parse(next.asText()))
                : Optional.empty());
    }

    /** Decodes a base64url deletion token (padding optional); malformed text is an {@link IllegalArgumentException}. */
    public static byte[] decodeToken(String text) {
        try {
            return Base64.getUrlDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deletion token is not base64url: " + e.getMessage());
        }
    }

    private static void putOptional(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }

    private static OptionalLong optionalLong(JsonNode node) {
        return node.canConvertToLong() && !node.isNull() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Parses JSON; malformed input is an {@link IllegalArgumentException}. */
    public static JsonNode read(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty body; expected JSON");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + originalMessage(e), e);
        }
    }

    private static String originalMessage(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + originalMessage(e), e);
        }
    }

    /** A fresh empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
