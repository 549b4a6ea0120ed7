package io.floe.serialization;

import io.floe.epoch.EpochCoordinator.Announce;
import io.floe.epoch.EpochCoordinator.EpochChangeRequested;
import io.floe.epoch.EpochCoordinator.TriggerEpochChange;
import io.floe.protocol.proto.AnnounceProto;
import io.floe.protocol.proto.EpochChangeRequestedProto;
import io.floe.protocol.proto.TriggerEpochChangeProto;
import java.util.List;

/** Protocol Buffers form of the epoch coordinator's commands and replies. */
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
                                .setMember(refs.toSerializationFormat(message.member()))
                                .setWeight(message.weight()).build(),
                        (bytes, refs) -> {
                            AnnounceProto proto = AnnounceProto.parseFrom(bytes);
                            if (proto.getWeight() < 0) {
                                throw new IllegalArgumentException("weight "
                                        + Integer.toUnsignedString(proto.getWeight()) + " is out of range");
                            }
                            // Announcements without a weight come from nodes that all weighed the same.
                            int weight = proto.getWeight() == 0 ? 1 : proto.getWeight();
                            return new Announce(proto.getNodeId(), CommitteeCodec.publicKey(proto.getPublicKey()),
                                    proto.getApiUrl(), weight, refs.resolveActorRef(proto.getMember()));
                        }),
                Binding.of("ec-trigger", TriggerEpochChange.class,
                        (message, refs) -> TriggerEpochChangeProto.newBuilder()
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> new TriggerEpochChange(
                                refs.resolveActorRef(TriggerEpochChangeProto.parseFrom(bytes).getReplyTo()))),
                Binding.of("ec-change-requested", EpochChangeRequested.class,
                        (message, refs) -> EpochChangeRequestedProto.newBuilder()
                                .setEpoch(message.epoch()).setRefusal(message.refusal()).build(),
                        (bytes, refs) -> {
                            EpochChangeRequestedProto proto = EpochChangeRequestedProto.parseFrom(bytes);
                            return new EpochChangeRequested(proto.getEpoch(), proto.getRefusal());
                        }));
    }
}
