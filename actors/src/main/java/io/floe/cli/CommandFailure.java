package io.floe.cli;

/**
 * A failure a user can act on: reported as one {@code error:} line on stderr, and the process exits with
 * {@link #exitCode()}.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure with one of the {@link ExitCodes} and a message that says what happened and what to do. */
    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process' exit status, one of {@link ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
