package io.floe.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes every {@link FloeMessage} as Protocol Buffers under a short, stable manifest; actor references travel
 * as strings through {@link ActorRefResolver}. Bound in {@code reference.conf}; an unknown manifest or bytes that do
 * not parse fail with a {@link NotSerializableException} that says which message could not be read.
 */
public final class FloeSerializer extends SerializerWithStringManifest {
    /** "FLOE" in ASCII: Pekko reserves 0 to 40, and the id must never change while journals hold our events. */
    public static final int IDENTIFIER = 0x464C4F45;

    private final ExtendedActorSystem system;
    private final Map<Class<?>, Binding<?>> byType = new HashMap<>();
    private final Map<String, Binding<?>> byManifest = new HashMap<>();
    private volatile ActorRefResolver resolver;

    /** Pekko creates the serializer with its actor system. */
    public FloeSerializer(ExtendedActorSystem system) {
        this.system = system;
        Stream.of(CommitteeMemberCodec.bindings(), EpochCoordinatorCodec.bindings(), ShardActorCodec.bindings())
                .flatMap(List::stream)
                .forEach(binding -> {
                    if (byType.put(binding.type(), binding) != null || byManifest.put(binding.manifest(), binding) != null) {
                        throw new IllegalStateException("two Floe codecs for " + binding.type().getName() + " or "
                                + binding.manifest());
                    }
                });
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        return bindingOf(message).manifest();
    }

    @Override
    public byte[] toBinary(Object message) {
        return bindingOf(message).write(message, refs());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Binding<?> binding = byManifest.get(manifest);
        if (binding == null) {
            throw new NotSerializableException("unknown Floe message manifest '" + manifest + "'; the sender or the"
                    + " journal is from a Floe version with messages this node does not know");
        }
        try {
            return binding.reader().read(bytes, refs());
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            NotSerializableException failure = new NotSerializableException("cannot read a Floe '" + manifest + "' ("
                    + binding.type().getSimpleName() + ") message of " + bytes.length + " bytes: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private Binding<?> bindingOf(Object message) {
        Binding<?> binding = byType.get(message.getClass());
        if (binding == null) {
            throw new IllegalArgumentException("no Floe codec for " + message.getClass().getName()
                    + "; add a binding to the message's *Codec class");
        }
        return binding;
    }

    /** Created on first use: the typed view of the system is not ready while Pekko creates its serializers. */
    private ActorRefResolver refs() {
        ActorRefResolver current = resolver;
        if (current == null) {
            current = ActorRefResolver.get(Adapter.toTyped(system));
            resolver = current;
        }
        return current;
    }
}
