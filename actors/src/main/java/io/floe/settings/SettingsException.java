package io.floe.settings;

/** A configuration value that stops the node at start: the message names the key and says what would be valid. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A one-line message naming the key, its value and what is expected. */
    public SettingsException(String message) {
        super(message);
    }

    /** The same, keeping the configuration library's exception as the cause. */
    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
