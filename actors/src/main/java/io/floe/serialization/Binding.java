package io.floe.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * How {@link FloeSerializer} writes one message class as Protocol Buffers and reads it back, under a short manifest
 * that never changes once journals hold it.
 */
record Binding<T>(String manifest, Class<T> type, Writer<T> writer, Reader<T> reader) {

    /** Writes a message; actor references become strings through the resolver. */
    @FunctionalInterface
    interface Writer<T> {
        MessageLite write(T message, ActorRefResolver refs);
    }

    /** Reads a message; throws for bytes that are not this message or values the domain refuses. */
    @FunctionalInterface
    interface Reader<T> {
        T read(byte[] bytes, ActorRefResolver refs) throws InvalidProtocolBufferException;
    }

    static <T> Binding<T> of(String manifest, Class<T> type, Writer<T> writer, Reader<T> reader) {
        return new Binding<>(manifest, type, writer, reader);
    }

    byte[] write(Object message, ActorRefResolver refs) {
        return writer.write(type.cast(message), refs).toByteArray();
    }
}
