package io.floe.storage;

/**
 * A failed node-API or publisher request as the client sees it: the HTTP status, the AIP-193 {@code status}, the
 * {@link ErrorReason reason} and a message that says what happened and what to do. Thrown by the storage service,
 * turned into the error JSON by the routes, and parsed back from it by the client.
 */
public final class NodeApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String status;
    private final String reason;

    public NodeApiException(int httpStatus, String status, String reason, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.status = status;
        this.reason = reason;
    }

    /** 400 {@code INVALID_ARGUMENT}: the request itself is wrong (malformed ID, bad BCS, failed verification). */
    public static NodeApiException invalidArgument(String reason, String message) {
        return new NodeApiException(400, "INVALID_ARGUMENT", reason, message);
    }

    /** 400 {@code FAILED_PRECONDITION}: the request is well-formed but the node's state does not allow it. */
    public static NodeApiException failedPrecondition(String reason, String message) {
        return new NodeApiException(400, "FAILED_PRECONDITION", reason, message);
    }

    /** 404 {@code NOT_FOUND}. */
    public static NodeApiException notFound(String reason, String message) {
        return new NodeApiException(404, "NOT_FOUND", reason, message);
    }

    /** 405 for a path that exists with another method. */
    public static NodeApiException methodNotAllowed(String message) {
        return new NodeApiException(405, "INVALID_ARGUMENT", ErrorReason.METHOD_NOT_ALLOWED, message);
    }

    /** 403 {@code PERMISSION_DENIED}: the caller may not do this (a wrong deletion token). */
    public static NodeApiException permissionDenied(String reason, String message) {
        return new NodeApiException(403, "PERMISSION_DENIED", reason, message);
    }

    /** 404 {@code NOT_FOUND} with reason {@code BLOB_EXPIRED}: the blob's end epoch has passed. */
    public static NodeApiException expired(String message) {
        return notFound(ErrorReason.BLOB_EXPIRED, message);
    }

    /** 404 {@code NOT_FOUND} with reason {@code BLOB_DELETED}: the owner deleted the blob. */
    public static NodeApiException deleted(String message) {
        return notFound(ErrorReason.BLOB_DELETED, message);
    }

    /** 409 {@code FAILED_PRECONDITION}: the blob's state forbids the request (deleting a permanent blob). */
    public static NodeApiException conflict(String reason, String message) {
        return new NodeApiException(409, "FAILED_PRECONDITION", reason, message);
    }

    /** 413 {@code SIZE_EXCEEDED}: the body is larger than allowed. */
    public static NodeApiException bodyTooLarge(String message) {
        return new NodeApiException(413, "SIZE_EXCEEDED", ErrorReason.BODY_TOO_LARGE, message);
    }

    /** 416 {@code RANGE_NOT_SATISFIABLE}. */
    public static NodeApiException rangeNotSatisfiable(String message) {
        return new NodeApiException(416, "RANGE_NOT_SATISFIABLE", ErrorReason.RANGE_NOT_SATISFIABLE, message);
    }

    /** 410 {@code GONE} with reason {@code BLOB_INVALID}: shown to be inconsistently encoded; never served. */
    public static NodeApiException blobInvalid(String message) {
        return new NodeApiException(410, "GONE", ErrorReason.BLOB_INVALID, message);
    }

    /** 500 {@code INTERNAL}: a bug or a corrupt stored value. */
    public static NodeApiException internal(String message) {
        return new NodeApiException(500, "INTERNAL", ErrorReason.INTERNAL_ERROR, message);
    }

    /** 503 {@code UNAVAILABLE}: not ready, or not enough nodes reachable. */
    public static NodeApiException unavailable(String reason, String message) {
        return new NodeApiException(503, "UNAVAILABLE", reason, message);
    }

    /** The HTTP status code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The AIP-193 status name, such as {@code INVALID_ARGUMENT}. */
    public String status() {
        return status;
    }

    /** The {@link ErrorReason}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "NodeApiException[" + httpStatus + " " + status + " " + reason + ": " + getMessage() + "]";
    }
}
