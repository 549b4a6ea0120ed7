package io.floe.serialization;

import static io.floe.serialization.CommitteeCodec.fromProto;
import static io.floe.serialization.CommitteeCodec.record;
import static io.floe.serialization.CommitteeCodec.required;
import static io.floe.serialization.CommitteeCodec.toMillis;
import static io.floe.serialization.CommitteeCodec.toProto;

import io.floe.epoch.Ballot;
import io.floe.epoch.EpochRecord;
import io.floe.node.CommitteeMember.CommitEpoch;
import io.floe.node.CommitteeMember.CommitteeHistory;
import io.floe.node.CommitteeMember.EpochChangeDoneRecorded;
import io.floe.node.CommitteeMember.EpochPromised;
import io.floe.node.CommitteeMember.GetCommittees;
import io.floe.node.CommitteeMember.MarkEpochChangeDone;
import io.floe.node.CommitteeMember.PrepareEpoch;
import io.floe.node.CommitteeMember.ShardsSyncedRecorded;
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
import io.floe.protocol.proto.CommitteeHistoryProto;
import io.floe.protocol.proto.EpochChangeDoneRecordedProto;
import io.floe.protocol.proto.EpochPromisedProto;
import io.floe.protocol.proto.EpochRecordProto;
import io.floe.protocol.proto.GetCommitteesProto;
import io.floe.protocol.proto.MarkEpochChangeDoneProto;
import io.floe.protocol.proto.PrepareEpochProto;
import io.floe.protocol.proto.ShardsSyncedRecordedProto;
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
import java.util.ArrayList;
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
                                .setCommittee(toProto(message.record().committee()))
                                .setStartMillis(toMillis(message.record().start()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            ProposeEpochProto proto = ProposeEpochProto.parseFrom(bytes);
                            return new ProposeEpoch(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    record(required(proto.hasCommittee(), proto.getCommittee(), "committee"),
                                            proto.getStartMillis()),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("cm-commit", CommitEpoch.class,
                        (message, refs) -> CommitEpochProto.newBuilder()
                                .setCommittee(toProto(message.record().committee()))
                                .setStartMillis(toMillis(message.record().start()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            CommitEpochProto proto = CommitEpochProto.parseFrom(bytes);
                            return new CommitEpoch(
                                    record(required(proto.hasCommittee(), proto.getCommittee(), "committee"),
                                            proto.getStartMillis()),
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
                            message.committed().ifPresent(record -> builder.setCommitted(toProto(record.committee()))
                                    .setCommittedStartMillis(toMillis(record.start())));
                            return builder.setSyncedEpoch(message.syncedEpoch())
                                    .setDoneEpoch(message.doneEpoch()).build();
                        },
                        (bytes, refs) -> {
                            PromiseProto proto = PromiseProto.parseFrom(bytes);
                            Optional<Ballot> promised = proto.hasPromised()
                                    ? Optional.of(fromProto(proto.getPromised())) : Optional.empty();
                            return new Promise(proto.getNodeId(), promised,
                                    proto.hasAccepted() ? Optional.of(fromProto(proto.getAccepted())) : Optional.empty(),
                                    proto.hasCommitted()
                                            ? Optional.of(record(proto.getCommitted(), proto.getCommittedStartMillis()))
                                            : Optional.empty(),
                                    proto.getSyncedEpoch(), proto.getDoneEpoch());
                        }),
                Binding.of("cm-ev-accepted", EpochAccepted.class,
                        (message, refs) -> EpochAcceptedProto.newBuilder()
                                .setBallot(toProto(message.ballot()))
                                .setCommittee(toProto(message.record().committee()))
                                .setStartMillis(toMillis(message.record().start())).build(),
                        (bytes, refs) -> {
                            EpochAcceptedProto proto = EpochAcceptedProto.parseFrom(bytes);
                            return new EpochAccepted(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    record(required(proto.hasCommittee(), proto.getCommittee(), "committee"),
                                            proto.getStartMillis()));
                        }),
                Binding.of("cm-ev-committed", EpochCommitted.class,
                        (message, refs) -> EpochCommittedProto.newBuilder()
                                .setCommittee(toProto(message.record().committee()))
                                .setStartMillis(toMillis(message.record().start())).build(),
                        (bytes, refs) -> {
                            EpochCommittedProto proto = EpochCommittedProto.parseFrom(bytes);
                            return new EpochCommitted(record(
                                    required(proto.hasCommittee(), proto.getCommittee(), "committee"),
                                    proto.getStartMillis()));
                        }),
                Binding.of("cm-prepare", PrepareEpoch.class,
                        (message, refs) -> PrepareEpochProto.newBuilder()
                                .setBallot(toProto(message.ballot()))
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            PrepareEpochProto proto = PrepareEpochProto.parseFrom(bytes);
                            return new PrepareEpoch(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("cm-get-committees", GetCommittees.class,
                        (message, refs) -> GetCommitteesProto.newBuilder()
                                .setFromEpoch(message.fromEpoch())
                                .setReplyTo(refs.toSerializationFormat(message.replyTo())).build(),
                        (bytes, refs) -> {
                            GetCommitteesProto proto = GetCommitteesProto.parseFrom(bytes);
                            return new GetCommittees(epoch(proto.getFromEpoch()),
                                    refs.resolveActorRef(proto.getReplyTo()));
                        }),
                Binding.of("cm-committees", CommitteeHistory.class,
                        (message, refs) -> {
                            CommitteeHistoryProto.Builder builder = CommitteeHistoryProto.newBuilder()
                                    .setNodeId(message.nodeId());
                            message.epochs().forEach(record -> builder.addEpochs(toProto(record)));
                            return builder.build();
                        },
                        (bytes, refs) -> {
                            CommitteeHistoryProto proto = CommitteeHistoryProto.parseFrom(bytes);
                            List<EpochRecord> epochs = new ArrayList<>(proto.getEpochsCount());
                            for (EpochRecordProto record : proto.getEpochsList()) {
                                epochs.add(fromProto(record));
                            }
                            return new CommitteeHistory(proto.getNodeId(), epochs);
                        }),
                Binding.of("cm-mark-done", MarkEpochChangeDone.class,
                        (message, refs) -> MarkEpochChangeDoneProto.newBuilder().setEpoch(message.epoch()).build(),
                        (bytes, refs) -> new MarkEpochChangeDone(
                                epoch(MarkEpochChangeDoneProto.parseFrom(bytes).getEpoch()))),
                Binding.of("cm-ev-promised", EpochPromised.class,
                        (message, refs) -> EpochPromisedProto.newBuilder().setBallot(toProto(message.ballot())).build(),
                        (bytes, refs) -> {
                            EpochPromisedProto proto = EpochPromisedProto.parseFrom(bytes);
                            return new EpochPromised(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")));
                        }),
                Binding.of("cm-ev-synced", ShardsSyncedRecorded.class,
                        (message, refs) -> ShardsSyncedRecordedProto.newBuilder().setEpoch(message.epoch()).build(),
                        (bytes, refs) -> new ShardsSyncedRecorded(
                                epoch(ShardsSyncedRecordedProto.parseFrom(bytes).getEpoch()))),
                Binding.of("cm-ev-done", EpochChangeDoneRecorded.class,
                        (message, refs) -> EpochChangeDoneRecordedProto.newBuilder().setEpoch(message.epoch()).build(),
                        (bytes, refs) -> new EpochChangeDoneRecorded(
                                epoch(EpochChangeDoneRecordedProto.parseFrom(bytes).getEpoch()))));
    }

    /** An epoch number read from a uint64: beyond a long's range is refused. */
    private static long epoch(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("epoch " + Long.toUnsignedString(value) + " is out of range");
        }
        return value;
    }
}
