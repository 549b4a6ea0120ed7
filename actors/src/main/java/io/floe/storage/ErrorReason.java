package io.floe.storage;

/**
 * The {@code reason} values of the node API's errors (docs/node-api.md), machine-readable and stable: clients
 * branch on them, people read the message next to them.
 */
public final class ErrorReason {
    public static final String INVALID_BLOB_ID = "INVALID_BLOB_ID";
    public static final String INVALID_BCS = "INVALID_BCS";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String INDEX_OUT_OF_RANGE = "INDEX_OUT_OF_RANGE";
    public static final String INVALID_SLIVER = "INVALID_SLIVER";
    public static final String INVALID_METADATA = "INVALID_METADATA";
    public static final String NOT_REGISTERED = "NOT_REGISTERED";
    public static final String REGISTRATION_CONFLICT = "REGISTRATION_CONFLICT";
    public static final String METADATA_NOT_FOUND = "METADATA_NOT_FOUND";
    public static final String SLIVER_NOT_FOUND = "SLIVER_NOT_FOUND";
    public static final String CERTIFICATE_NOT_FOUND = "CERTIFICATE_NOT_FOUND";
    public static final String SHARD_NOT_ASSIGNED = "SHARD_NOT_ASSIGNED";
    /** The shard is being synced or recovered by this node, its new owner, and lacks the data asked for (503). */
    public static final String SHARD_SYNCING = "SHARD_SYNCING";
    public static final String MISSING_SLIVERS = "MISSING_SLIVERS";
    public static final String INVALID_CERTIFICATE = "INVALID_CERTIFICATE";
    public static final String INVALID_PROOF = "INVALID_PROOF";
    public static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";
    public static final String RANGE_NOT_SATISFIABLE = "RANGE_NOT_SATISFIABLE";
    public static final String BLOB_NOT_FOUND = "BLOB_NOT_FOUND";
    public static final String BLOB_EXPIRED = "BLOB_EXPIRED";
    public static final String BLOB_DELETED = "BLOB_DELETED";
    public static final String BLOB_INVALID = "BLOB_INVALID";
    public static final String BLOB_PERMANENT = "BLOB_PERMANENT";
    public static final String NOT_CERTIFIED = "NOT_CERTIFIED";
    public static final String INVALID_TOKEN = "INVALID_TOKEN";
    public static final String EPOCHS_TOO_MANY = "EPOCHS_TOO_MANY";
    public static final String NOT_ENOUGH_SHARDS = "NOT_ENOUGH_SHARDS";
    public static final String UNKNOWN_PATH = "UNKNOWN_PATH";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String NOT_READY = "NOT_READY";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private ErrorReason() {
    }
}
