package io.floe.serialization;

import static io.floe.serialization.CommitteeCodec.fromProto;
import static io.floe.serialization.CommitteeCodec.required;
import static io.floe.serialization.CommitteeCodec.toProto;

import io.floe.epoch.Ballot;
import io.floe.node.CommitteeMember.CommitEpoch;
import io.floe.node.CommitteeMember.CurrentCommittee;
import io.floe.node.CommitteeMember.EpochAccepted;
import io.floe.node.CommitteeMember.EpochCommitAcknowledged;
import io.floe.node.CommitteeMember.EpochCommitted;
import io.floe.node.CommitteeMember.GetCommittee;
import io.floe.node.CommitteeMember.GetPromise;
import io.floe.node.CommitteeMember.Promise;
import io.floe.node.CommitteeMember.ProposalAccepted;
import io.floe.node.CommitteeMember.ProposalRejected;
import io.floe.node.CommitteeMember.ProposeEpoch;
import io.floe.protocol.proto.CommitEpochProto;
import io.floe.protocol.proto.CurrentCommitteeProto;
import io.floe.protocol.proto.EpochAcceptedProto;
import io.floe.protocol.proto.EpochCommitAcknowledgedProto;
import io.floe.protocol.proto.EpochCommittedProto;
import io.floe.protocol.proto.GetCommitteeProto;
import io.floe.protocol.proto.GetPromiseProto;
import io.floe.protocol.proto.PromiseProto;
import io.floe.protocol.proto.ProposalAcceptedProto;
import io.floe.protocol.proto.ProposalRejectedProto;
import io.floe.protocol.proto.ProposeEpochProto;
import java.util.List;
import java.util.Optional;

/** Protocol Buffers form of the committee member's commands, replies and journaled events. */
final class CommitteeMemberCodec {
    private CommitteeMemberCodec() {
    }

    static List<Binding<?>> bindings() {
        return List.of(
                Binding.of("cm-propose", ProposeEpoch.class,
                        (message, refs) -> ProposeEpochProto.newBuilder()
                                .setBallot(toProto(message.ballot()))
                                .setCommittee(toProto(message.committee()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            ProposeEpochProto proto = ProposeEpochProto.parseFrom(bytes);
                            return new ProposeEpoch(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    fromProto(required(proto.hasCommittee(), proto.getCommittee(), "committee")),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("cm-commit", CommitEpoch.class,
                        (message, refs) -> CommitEpochProto.newBuilder()
                                .setCommittee(toProto(message.committee()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            CommitEpochProto proto = CommitEpochProto.parseFrom(bytes);
                            return new CommitEpoch(
                                    fromProto(required(proto.hasCommittee(), proto.getCommittee(), "committee")),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("cm-get-committee", GetCommittee.class,
                        (message, refs) -> GetCommitteeProto.newBuilder()
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> new GetCommittee(
                                refs.resolveActorRef(GetCommitteeProto.parseFrom(bytes).getReplyTo()))),
                Binding.of("cm-get-promise", GetPromise.class,
                        (message, refs) -> GetPromiseProto.newBuilder()
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> new GetPromise(
                                refs.resolveActorRef(GetPromiseProto.parseFrom(bytes).getReplyTo()))),
                Binding.of("cm-accepted", ProposalAccepted.class,
                        (message, refs) -> ProposalAcceptedProto.newBuilder()
                                .setNodeId(message.nodeId())
                                .setBallot(toProto(message.ballot()))
                                .setEpoch(message.epoch()).build(),
                        (bytes, refs) -> {
                            ProposalAcceptedProto proto = ProposalAcceptedProto.parseFrom(bytes);
                            return new ProposalAccepted(proto.getNodeId(),
                                    fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    proto.getEpoch());
                        }),
                Binding.of("cm-rejected", ProposalRejected.class,
                        (message, refs) -> {
                            ProposalRejectedProto.Builder builder = ProposalRejectedProto.newBuilder()
                                    .setNodeId(message.nodeId())
                                    .setBallot(toProto(message.ballot()))
                                    .setReason(message.reason());
                            message.promised().ifPresent(promised -> builder.setPromised(toProto(promised)));
                            return builder.build();
                        },
                        (bytes, refs) -> {
                            ProposalRejectedProto proto = ProposalRejectedProto.parseFrom(bytes);
                            return new ProposalRejected(proto.getNodeId(),
                                    fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    proto.hasPromised() ? Optional.of(fromProto(proto.getPromised())) : Optional.empty(),
                                    proto.getReason());
                        }),
                Binding.of("cm-commit-ack", EpochCommitAcknowledged.class,
                        (message, refs) -> EpochCommitAcknowledgedProto.newBuilder()
                                .setNodeId(message.nodeId()).setEpoch(message.epoch()).build(),
                        (bytes, refs) -> {
                            EpochCommitAcknowledgedProto proto = EpochCommitAcknowledgedProto.parseFrom(bytes);
                            return new EpochCommitAcknowledged(proto.getNodeId(), proto.getEpoch());
                        }),
                Binding.of("cm-committee", CurrentCommittee.class,
                        (message, refs) -> {
                            CurrentCommitteeProto.Builder builder = CurrentCommitteeProto.newBuilder()
                                    .setNodeId(message.nodeId());
                            message.committee().ifPresent(committee -> builder.setCommittee(toProto(committee)));
                            return builder.build();
                        },
                        (bytes, refs) -> {
                            CurrentCommitteeProto proto = CurrentCommitteeProto.parseFrom(bytes);
                            return new CurrentCommittee(proto.getNodeId(), proto.hasCommittee()
                                    ? Optional.of(fromProto(proto.getCommittee())) : Optional.empty());
                        }),
                Binding.of("cm-promise", Promise.class,
                        (message, refs) -> {
                            PromiseProto.Builder builder = PromiseProto.newBuilder().setNodeId(message.nodeId());
                            message.promised().ifPresent(ballot -> builder.setPromised(toProto(ballot)));
                            message.accepted().ifPresent(proposal -> builder.setAccepted(toProto(proposal)));
                            message.committed().ifPresent(committee -> builder.setCommitted(toProto(committee)));
                            return builder.build();
                        },
                        (bytes, refs) -> {
                            PromiseProto proto = PromiseProto.parseFrom(bytes);
                            Optional<Ballot> promised = proto.hasPromised()
                                    ? Optional.of(fromProto(proto.getPromised())) : Optional.empty();
                            return new Promise(proto.getNodeId(), promised,
                                    proto.hasAccepted() ? Optional.of(fromProto(proto.getAccepted())) : Optional.empty(),
                                    proto.hasCommitted() ? Optional.of(fromProto(proto.getCommitted()))
                                            : Optional.empty());
                        }),
                Binding.of("cm-ev-accepted", EpochAccepted.class,
                        (message, refs) -> EpochAcceptedProto.newBuilder()
                                .setBallot(toProto(message.ballot()))
                                .setCommittee(toProto(message.committee())).build(),
                        (bytes, refs) -> {
                            EpochAcceptedProto proto = EpochAcceptedProto.parseFrom(bytes);
                            return new EpochAccepted(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    fromProto(required(proto.hasCommittee(), proto.getCommittee(), "committee")));
                        }),
                Binding.of("cm-ev-committed", EpochCommitted.class,
                        (message, refs) -> EpochCommittedProto.newBuilder()
                                .setCommittee(toProto(message.committee())).build(),
                        (bytes, refs) -> {
                            EpochCommittedProto proto = EpochCommittedProto.parseFrom(bytes);
                            return new EpochCommitted(
                                    fromProto(required(proto.hasCommittee(), proto.getCommittee(), "committee")));
                        }));
    }
}
