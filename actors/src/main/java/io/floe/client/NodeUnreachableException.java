package io.floe.client;

/** A node that did not answer: connection refused or reset, timeout, or an interrupted call. */
public final class NodeUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
