package io.floe.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.protocol.BlobId;

/**
 * What storing a blob through the publisher gave, as Walrus' daemon reports it: a newly certified blob, or one that
 * was already certified long enough. A newly created deletable blob also carries its owner's deletion token (Floe's
 * addition: Walrus proves ownership with the Sui object, Floe with the token whose SHA-256 is the object ID).
 */
public sealed interface PublishResult permits PublishResult.NewlyCreated, PublishResult.AlreadyCertified {

    BlobId blobId();

    long endEpoch();

    /** The JSON object of the daemon API ({@code {"newlyCreated": ...}} or {@code {"alreadyCertified": ...}}). */
    JsonNode toJson();

    /** A blob registered, uploaded and certified by this call. */
    record NewlyCreated(BlobId blobId, String objectId, long registeredEpoch, long certifiedEpoch, long size,
            String storageId, long endEpoch, long encodedLength, boolean deletable,
            java.util.Optional<String> deletionToken) implements PublishResult {
        @Override
        public JsonNode toJson() {
            ObjectNode root = NodeApiJson.object();
            ObjectNode created = root.putObject("newlyCreated");
            ObjectNode blob = created.putObject("blobObject");
            blob.put("id", objectId);
            blob.put("registeredEpoch", registeredEpoch);
            blob.put("blobId", blobId.toString());
            blob.put("size", size);
            blob.put("encodingType", "RS2");
            blob.put("certifiedEpoch", certifiedEpoch);
            ObjectNode storage = blob.putObject("storage");
            storage.put("id", storageId);
            storage.put("startEpoch", registeredEpoch);
            storage.put("endEpoch", endEpoch);
            storage.put("storageSize", encodedLength);
            blob.put("deletable", deletable);
            deletionToken.ifPresent(token -> created.put("deletionToken", token));
            ObjectNode register = created.putObject("resourceOperation").putObject("registerFromScratch");
            register.put("encodedLength", encodedLength);
            register.put("epochsAhead", endEpoch - registeredEpoch);
            created.put("cost", 0);
            return root;
        }
    }

    /** A blob the committee had already certified until at least the requested end epoch. */
    record AlreadyCertified(BlobId blobId, long endEpoch) implements PublishResult {
        @Override
        public JsonNode toJson() {
            ObjectNode root = NodeApiJson.object();
            ObjectNode certified = root.putObject("alreadyCertified");
            certified.put("blobId", blobId.toString());
            certified.put("endEpoch", endEpoch);
            ObjectNode event = certified.putObject("event");
            event.put("txDigest", "floe");
            event.put("eventSeq", "0");
            return root;
        }
    }
}
