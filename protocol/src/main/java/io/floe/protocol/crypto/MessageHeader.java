package io.floe.protocol.crypto;

import io.floe.protocol.bcs.BcsException;
import io.floe.protocol.bcs.BcsReader;
import io.floe.protocol.bcs.BcsWriter;

/** Writes and strictly reads the header every signed message starts with: intent, version, app id, epoch. */
final class MessageHeader {
    static final int VERSION = 0;
    static final int STORAGE_APP_ID = 3;
    static final int LENGTH = 7;

    private MessageHeader() {
    }

    static void write(BcsWriter writer, IntentType intent, long epoch) {
        writer.u8(intent.code()).u8(VERSION).u8(STORAGE_APP_ID).u32(requireEpoch(epoch));
    }

    /** Reads the header, checking it announces {@code expected}; returns the epoch. */
    static long read(BcsReader reader, IntentType expected) {
        int code = reader.u8("message intent");
        if (code != expected.code()) {
            IntentType actual = IntentType.ofCode(code);
            throw new BcsException("message intent is " + code
                    + (actual == null ? " (unknown)" : " (" + actual.description() + ")")
                    + "; expected " + expected.code() + " (" + expected.description() + ")");
        }
        int version = reader.u8("message intent version");
        if (version != VERSION) {
            throw new BcsException("unsupported intent version " + version + " in " + expected.description()
                    + " message; only version " + VERSION + " exists");
        }
        int appId = reader.u8("message app id");
        if (appId != STORAGE_APP_ID) {
            throw new BcsException("wrong app id " + appId + " in " + expected.description()
                    + " message; Walrus storage messages use " + STORAGE_APP_ID);
        }
        return reader.u32("message epoch");
    }

    static long requireEpoch(long epoch) {
        if (epoch < 0 || epoch > ProtocolMessage.MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + epoch + " does not fit the u32 of a signed message");
        }
        return epoch;
    }
}
