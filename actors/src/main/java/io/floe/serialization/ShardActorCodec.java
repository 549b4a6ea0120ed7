package io.floe.serialization;

import io.floe.protocol.proto.ChangeShardStatusProto;
import io.floe.protocol.proto.GetShardStatusProto;
import io.floe.protocol.proto.ShardStatusChangedProto;
import io.floe.protocol.proto.ShardStatusProto;
import io.floe.protocol.proto.ShardStatusReportedProto;
import io.floe.shard.ShardActor.ChangeShardStatus;
import io.floe.shard.ShardActor.GetShardStatus;
import io.floe.shard.ShardActor.ShardStatusChanged;
import io.floe.shard.ShardActor.ShardStatusReported;
import io.floe.shard.ShardStatus;
import io.floe.storage.ShardSyncCodec;
import java.util.List;

/** Protocol Buffers form of the shard actor's commands, replies and journaled events. */
final class ShardActorCodec {
    private ShardActorCodec() {
    }

    static List<Binding<?>> bindings() {
        return List.of(
                Binding.of("sa-get-status", GetShardStatus.class,
                        (message, refs) -> GetShardStatusProto.newBuilder()
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> new GetShardStatus(
                                refs.resolveActorRef(GetShardStatusProto.parseFrom(bytes).getReplyTo()))),
                Binding.of("sa-change-status", ChangeShardStatus.class,
                        (message, refs) -> ChangeShardStatusProto.newBuilder()
                                .setStatus(toProto(message.status()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            ChangeShardStatusProto proto = ChangeShardStatusProto.parseFrom(bytes);
                            return new ChangeShardStatus(fromProto(proto.getStatus()),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("sa-status", ShardStatusReported.class,
                        (message, refs) -> ShardStatusReportedProto.newBuilder()
                                .setShard(message.shard())
                                .setNodeId(message.nodeId())
                                .setStatus(toProto(message.status())).build(),
                        (bytes, refs) -> {
                            ShardStatusReportedProto proto = ShardStatusReportedProto.parseFrom(bytes);
                            if (proto.getShard() < 0) {
                                throw new IllegalArgumentException("shard index "
                                        + Integer.toUnsignedString(proto.getShard()) + " is out of range");
                            }
                            return new ShardStatusReported(proto.getShard(), proto.getNodeId(),
                                    fromProto(proto.getStatus()));
                        }),
                Binding.of("sa-ev-status-changed", ShardStatusChanged.class,
                        (message, refs) -> ShardStatusChangedProto.newBuilder()
                                .setStatus(toProto(message.status())).build(),
                        (bytes, refs) -> new ShardStatusChanged(
                                fromProto(ShardStatusChangedProto.parseFrom(bytes).getStatus()))));
    }

    static ShardStatusProto toProto(ShardStatus status) {
        return ShardSyncCodec.toProto(status);
    }

    static ShardStatus fromProto(ShardStatusProto status) {
        return ShardSyncCodec.fromProto(status);
    }
}
