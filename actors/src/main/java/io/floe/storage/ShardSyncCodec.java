package io.floe.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.proto.ShardStateProto;
import io.floe.protocol.proto.ShardStatusProto;
import io.floe.protocol.proto.ShardSyncPageProto;
import io.floe.protocol.proto.SyncedBlobProto;
import io.floe.shard.ShardStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Protocol Buffers form of shard states (node-state store) and shard-sync pages (node API). */
public final class ShardSyncCodec {
    private ShardSyncCodec() {
    }

    static byte[] encodeState(ShardState state) {
        ShardStateProto.Builder proto = ShardStateProto.newBuilder()
                .setShard(state.shard())
                .setStatus(toProto(state.status()))
                .setEpoch(state.epoch())
                .setSynced(state.synced())
                .setTotal(state.total())
                .setRecovered(state.recovered());
        state.cursor().ifPresent(cursor -> proto.setCursor(ByteString.copyFrom(cursor.toBytes())));
        state.source().ifPresent(proto::setSourceNodeId);
        return proto.build().toByteArray();
    }

    static ShardState decodeState(byte[] bytes) {
        ShardStateProto proto;
        try {
            proto = ShardStateProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a ShardStateProto: " + e.getMessage(), e);
        }
        return new ShardState(shard(proto.getShard()), fromProto(proto.getStatus()), proto.getEpoch(),
                optionalBlobId(proto.getCursor()), proto.getSynced(), proto.getTotal(),
                proto.getSourceNodeId().isEmpty() ? Optional.empty() : Optional.of(proto.getSourceNodeId()),
                proto.getRecovered());
    }

    /** The page as the node API sends it. */
    public static byte[] encodePage(ShardSyncPage page) {
        ShardSyncPageProto.Builder proto = ShardSyncPageProto.newBuilder()
                .setShard(page.shard())
                .setMore(page.more())
                .setTotal(page.total());
        page.cursor().ifPresent(cursor -> proto.setCursor(ByteString.copyFrom(cursor.toBytes())));
        for (SyncedBlob blob : page.blobs()) {
            SyncedBlobProto.Builder entry = SyncedBlobProto.newBuilder()
                    .setBlobId(ByteString.copyFrom(blob.blobId().toBytes()))
                    .setMetadata(ByteString.copyFrom(blob.metadata().toBcs()))
                    .setCertificate(ByteString.copyFrom(blob.certificate().toBcs()))
                    .setEndEpoch(blob.endEpoch())
                    .setPrimary(ByteString.copyFrom(blob.primary()))
                    .setSecondary(ByteString.copyFrom(blob.secondary()));
            if (blob.persistence() instanceof BlobPersistence.Deletable deletable) {
                entry.setObjectId(ByteString.copyFrom(deletable.objectId()));
            }
            proto.addBlobs(entry);
        }
        return proto.build().toByteArray();
    }

    /**
     * Parses a page; malformed bytes, IDs, metadata or certificates are an {@link IllegalArgumentException} (the
     * slivers are checked by the receiver, one by one).
     */
    public static ShardSyncPage decodePage(byte[] bytes) {
        ShardSyncPageProto proto;
        try {
            proto = ShardSyncPageProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a ShardSyncPageProto: " + e.getMessage(), e);
        }
        List<SyncedBlob> blobs = new ArrayList<>(proto.getBlobsCount());
        for (SyncedBlobProto entry : proto.getBlobsList()) {
            BlobId blobId = BlobId.of(entry.getBlobId().toByteArray());
            BlobPersistence persistence = entry.getObjectId().isEmpty() ? BlobPersistence.permanent()
                    : BlobPersistence.deletable(entry.getObjectId().toByteArray());
            blobs.add(new SyncedBlob(blobId, BlobMetadata.fromBcs(entry.getMetadata().toByteArray()),
                    Certificate.fromBcs(entry.getCertificate().toByteArray()), entry.getEndEpoch(), persistence,
                    entry.getPrimary().toByteArray(), entry.getSecondary().toByteArray()));
        }
        return new ShardSyncPage(shard(proto.getShard()), blobs, optionalBlobId(proto.getCursor()), proto.getMore(),
                proto.getTotal());
    }

    public static ShardStatusProto toProto(ShardStatus status) {
        return switch (status) {
            case ACTIVE -> ShardStatusProto.SHARD_STATUS_ACTIVE;
            case ACTIVE_SYNC -> ShardStatusProto.SHARD_STATUS_ACTIVE_SYNC;
            case ACTIVE_RECOVER -> ShardStatusProto.SHARD_STATUS_ACTIVE_RECOVER;
            case LOCKED_TO_MOVE -> ShardStatusProto.SHARD_STATUS_LOCKED_TO_MOVE;
        };
    }

    public static ShardStatus fromProto(ShardStatusProto status) {
        return switch (status) {
            case SHARD_STATUS_ACTIVE -> ShardStatus.ACTIVE;
            case SHARD_STATUS_ACTIVE_SYNC -> ShardStatus.ACTIVE_SYNC;
            case SHARD_STATUS_ACTIVE_RECOVER -> ShardStatus.ACTIVE_RECOVER;
            case SHARD_STATUS_LOCKED_TO_MOVE -> ShardStatus.LOCKED_TO_MOVE;
            case SHARD_STATUS_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("unknown shard status " + status);
        };
    }

    private static int shard(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("shard index " + Integer.toUnsignedString(value) + " is out of range");
        }
        return value;
    }

    private static Optional<BlobId> optionalBlobId(ByteString bytes) {
        return bytes.isEmpty() ? Optional.empty() : Optional.of(BlobId.of(bytes.toByteArray()));
    }
}
