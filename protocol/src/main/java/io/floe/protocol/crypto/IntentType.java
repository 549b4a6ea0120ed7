package io.floe.protocol.crypto;

/** The first byte of a signed protocol message, saying what the signer attests (Walrus' {@code IntentType}). */
public enum IntentType {
    STORAGE_CONFIRMATION(1, "storage confirmation"),
    INVALID_BLOB_ID(2, "invalid blob ID");

    private final int code;
    private final String description;

    IntentType(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The intent with this code, or {@code null} if Floe knows none. */
    static IntentType ofCode(int code) {
        for (IntentType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
