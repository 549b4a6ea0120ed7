package io.floe.serialization;

import com.google.protobuf.ByteString;
import io.floe.epoch.Ballot;
import io.floe.epoch.EpochRecord;
import io.floe.epoch.Proposal;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.protocol.proto.BallotProto;
import io.floe.protocol.proto.CommitteeMemberProto;
import io.floe.protocol.proto.CommitteeProto;
import io.floe.protocol.proto.EpochRecordProto;
import io.floe.protocol.proto.ProposalProto;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Committees, ballots and proposals to and from their Protocol Buffers form; reading validates like the domain. */
final class CommitteeCodec {
    private CommitteeCodec() {
    }

    static CommitteeProto toProto(Committee committee) {
        CommitteeProto.Builder builder = CommitteeProto.newBuilder().setEpoch(committee.epoch());
        for (CommitteeMember member : committee.members()) {
            builder.addMembers(CommitteeMemberProto.newBuilder()
                    .setNodeId(member.nodeId())
                    .setPublicKey(ByteString.copyFrom(member.publicKey().toBytes()))
                    .setApiUrl(member.apiUrl())
                    .addAllShards(member.shards()));
        }
        return builder.build();
    }

    static Committee fromProto(CommitteeProto proto) {
        List<CommitteeMember> members = new ArrayList<>(proto.getMembersCount());
        for (CommitteeMemberProto member : proto.getMembersList()) {
            List<Integer> shards = new ArrayList<>(member.getShardsCount());
            for (int shard : member.getShardsList()) {
                if (shard < 0) {
                    throw new IllegalArgumentException("member " + member.getNodeId() + " lists shard "
                            + Integer.toUnsignedString(shard) + ", beyond any committee");
                }
                shards.add(shard);
            }
            members.add(new CommitteeMember(member.getNodeId(), publicKey(member.getPublicKey()), member.getApiUrl(),
                    shards));
        }
        return new Committee(proto.getEpoch(), members);
    }

    static NodePublicKey publicKey(ByteString bytes) {
        return NodePublicKey.of(bytes.toByteArray());
    }

    static ByteString toBytes(NodePublicKey key) {
        return ByteString.copyFrom(key.toBytes());
    }

    static BallotProto toProto(Ballot ballot) {
        return BallotProto.newBuilder().setRound(ballot.round()).setProposer(ballot.proposer()).build();
    }

    static Ballot fromProto(BallotProto proto) {
        if (proto.getRound() < 0) {
            throw new IllegalArgumentException("ballot round " + Long.toUnsignedString(proto.getRound())
                    + " is out of range");
        }
        return new Ballot(proto.getRound(), proto.getProposer());
    }

    static ProposalProto toProto(Proposal proposal) {
        return ProposalProto.newBuilder().setBallot(toProto(proposal.ballot()))
                .setCommittee(toProto(proposal.committee())).setStartMillis(toMillis(proposal.start())).build();
    }

    static Proposal fromProto(ProposalProto proto) {
        return new Proposal(fromProto(required(proto.hasBallot(), proto.getBallot(), "ballot")),
                record(required(proto.hasCommittee(), proto.getCommittee(), "committee"), proto.getStartMillis()));
    }

    static EpochRecordProto toProto(EpochRecord record) {
        return EpochRecordProto.newBuilder().setCommittee(toProto(record.committee()))
                .setStartMillis(toMillis(record.start())).build();
    }

    static EpochRecord fromProto(EpochRecordProto proto) {
        return record(required(proto.hasCommittee(), proto.getCommittee(), "committee"), proto.getStartMillis());
    }

    /** An epoch record from its committee and start; 0 (records written before epochs had a start) is 1970. */
    static EpochRecord record(CommitteeProto committee, long startMillis) {
        if (startMillis < 0) {
            throw new IllegalArgumentException("epoch start " + startMillis + " ms is before 1970");
        }
        return new EpochRecord(fromProto(committee), Instant.ofEpochMilli(startMillis));
    }

    static long toMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    /** {@code value}, or a clear failure when a required message field is absent. */
    static <T> T required(boolean present, T value, String field) {
        if (!present) {
            throw new IllegalArgumentException("required field '" + field + "' is missing");
        }
        return value;
    }
}
