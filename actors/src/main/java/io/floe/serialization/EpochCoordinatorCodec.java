package io.floe.serialization;

import io.floe.epoch.EpochCoordinator.Announce;
import io.floe.protocol.proto.AnnounceProto;
import java.util.List;

/** Protocol Buffers form of the epoch coordinator's commands. */
final class EpochCoordinatorCodec {
    private EpochCoordinatorCodec() {
    }

    static List<Binding<?>> bindings() {
        return List.of(
                Binding.of("ec-announce", Announce.class,
                        (message, refs) -> AnnounceProto.newBuilder()
                                .setNodeId(message.nodeId())
                                .setPublicKey(CommitteeCodec.toBytes(message.publicKey()))
                                .setApiUrl(message.apiUrl())
                                .setMember(refs.toSerializationFormat(message.member())).build(),
                        (bytes, refs) -> {
                            AnnounceProto proto = AnnounceProto.parseFrom(bytes);
                            return new Announce(proto.getNodeId(), CommitteeCodec.publicKey(proto.getPublicKey()),
                                    proto.getApiUrl(), refs.resolveActorRef(proto.getMember()));
                        }));
    }
}
