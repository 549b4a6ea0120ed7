package io.floe.storage;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobInfoEntry;
import io.floe.persistence.BlobStatus;
import io.floe.persistence.CorruptValueException;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a blob's life on a node: deletion by its owner (checked against the hash of the deletion token),
 * extension of its end epoch, garbage collection once it expires, and the listing peers page through.
 */
final class BlobLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BlobLifecycle.class);
    /** Bytes of a deletion token. */
    static final int TOKEN_LENGTH = 32;

    private final BlobRecords records;
    private final int maxEpochsAhead;

    BlobLifecycle(BlobRecords records, int maxEpochsAhead) {
        this.records = records;
        this.maxEpochsAhead = maxEpochsAhead;
    }

    void checkEndEpoch(long endEpoch, long currentEpoch) {
        if (endEpoch - currentEpoch > maxEpochsAhead) {
            throw NodeApiException.invalidArgument(ErrorReason.EPOCHS_TOO_MANY, "end epoch " + endEpoch + " is "
                    + (endEpoch - currentEpoch) + " epochs after the current epoch " + currentEpoch
                    + "; blobs are stored at most " + maxEpochsAhead + " epochs ahead (floe.epoch.max-epochs-ahead)");
        }
    }

    StoreOutcome delete(BlobId blobId, byte[] token) {
        Committee committee = records.requireCommittee();
        if (token.length != TOKEN_LENGTH) {
            throw NodeApiException.permissionDenied(ErrorReason.INVALID_TOKEN, "a deletion token is "
                    + TOKEN_LENGTH + " bytes (base64url), got " + token.length);
        }
        synchronized (records.lock(blobId)) {
            BlobInfo info = records.requireInfo(blobId);
            if (!info.deletable()) {
                throw NodeApiException.conflict(ErrorReason.BLOB_PERMANENT, "blob " + blobId
                        + " is permanent; permanent blobs cannot be deleted");
            }
            byte[] expected = info.ownerTokenHash().orElseThrow(() -> NodeApiException.internal("deletable blob "
                    + blobId + " has no owner token hash on node " + records.view().nodeId()));
            if (!MessageDigest.isEqual(expected, DeletionToken.hash(token))) {
                throw NodeApiException.permissionDenied(ErrorReason.INVALID_TOKEN, "the deletion token does not"
                        + " match blob " + blobId + "; only the token returned when it was stored deletes it");
            }
            if (info.status() == BlobStatus.DELETED) {
                return StoreOutcome.UNCHANGED;
            }
            if (info.status() != BlobStatus.INVALID) {
                BlobRecords.requireServable(blobId, info, committee);
            }
            BlobInfo deleted = new BlobInfo(info.unencodedLength(), info.registeredEpoch(), info.endEpoch(), true,
                    BlobStatus.DELETED, info.certifiedEpoch(), Optional.empty(), Optional.of(expected));
            records.storage().atomically(batch -> {
                for (int shard = 0; shard < committee.shards(); shard++) {
                    batch.deleteSlivers(shard, blobId);
                }
                batch.deleteMetadata(blobId);
                batch.putBlobInfo(blobId, deleted);
                batch.putState(BlobRecords.deletionTokenKey(blobId), token);
            });
        }
        log.info("blob deleted by its owner blobId={}", blobId);
        return StoreOutcome.CREATED;
    }

    long extend(BlobId blobId, long endEpoch) {
        Committee committee = records.requireCommittee();
        checkEndEpoch(endEpoch, committee.epoch());
        synchronized (records.lock(blobId)) {
            BlobInfo info = records.servableInfo(blobId, committee);
            if (info.status() != BlobStatus.CERTIFIED) {
                throw NodeApiException.failedPrecondition(ErrorReason.NOT_CERTIFIED, "blob " + blobId
                        + " is not certified on node " + records.view().nodeId() + "; only certified blobs are"
                        + " extended");
            }
            if (endEpoch <= info.endEpoch()) {
                return info.endEpoch();
            }
            records.storage().blobInfo().put(blobId, info.withEndEpoch(endEpoch));
            log.debug("blob extended blobId={} endEpoch={}", blobId, endEpoch);
            return endEpoch;
        }
    }

    int collectExpired(long epoch, int pageSize) {
        Committee committee = records.requireCommittee();
        int removed = 0;
        BlobInfoEntry after = null;
        // Every page removes what it lists, so the number of pages is bounded by the blobs stored at the start.
        long maxPages = records.storage().blobInfo().count() / pageSize + 2;
        for (long pages = 0; pages < maxPages; pages++) {
            List<BlobInfoEntry> page;
            try {
                page = records.storage().blobInfo().expiredBy(epoch, after, pageSize);
            } catch (CorruptValueException e) {
                log.warn("corrupt blob info during garbage collection blobId={}; it is removed",
                        e.blobId().map(BlobId::toString).orElse("?"));
                e.blobId().ifPresent(records.storage().blobInfo()::delete);
                continue;
            }
            for (BlobInfoEntry entry : page) {
                if (remove(entry.blobId(), epoch, committee.shards())) {
                    removed++;
                }
            }
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        if (removed > 0) {
            log.info("expired blobs removed node={} epoch={} blobs={}", records.view().nodeId(), epoch, removed);
        }
        return removed;
    }

    /** Removes one expired blob under its lock, unless it was extended or registered again meanwhile. */
    private boolean remove(BlobId blobId, long epoch, int shards) {
        synchronized (records.lock(blobId)) {
            Optional<BlobInfo> current;
            try {
                current = records.storage().blobInfo().get(blobId);
            } catch (CorruptValueException e) {
                current = Optional.empty();
            }
            if (current.isPresent() && current.get().endEpoch() > epoch) {
                return false;
            }
            long endEpoch = current.map(BlobInfo::endEpoch).orElse(epoch);
            Tombstone.Reason reason = current.map(info -> switch (info.status()) {
                case DELETED -> Tombstone.Reason.DELETED;
                case INVALID -> Tombstone.Reason.INVALID;
                default -> Tombstone.Reason.EXPIRED;
            }).orElse(Tombstone.Reason.EXPIRED);
            records.storage().atomically(batch -> BlobRecords.removeBlob(batch, blobId, shards,
                    new Tombstone(reason, endEpoch)));
            return true;
        }
    }

    BlobListing list(BlobId after, int limit) {
        Committee committee = records.requireCommittee();
        List<BlobInfoEntry> page;
        BlobId cursor = after;
        try {
            page = records.storage().blobInfo().list(after, limit);
        } catch (CorruptValueException e) {
            // Skip past the corrupt info: the next page starts after it.
            return new BlobListing(List.of(), e.blobId());
        }
        List<BlobListing.Entry> entries = new ArrayList<>();
        for (BlobInfoEntry entry : page) {
            BlobInfo info = entry.info();
            Optional<String> token = Optional.empty();
            if (info.status() == BlobStatus.DELETED) {
                token = records.revealedToken(entry.blobId())
                        .map(bytes -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            entries.add(new BlobListing.Entry(entry.blobId(), statusWord(info, committee), info.unencodedLength(),
                    info.endEpoch(), info.certifiedEpoch(), info.deletable(), token));
            cursor = entry.blobId();
        }
        return new BlobListing(entries, page.size() < limit ? Optional.empty() : Optional.ofNullable(cursor));
    }

    /** The node API's status word for a recorded blob. */
    static String statusWord(BlobInfo info, Committee committee) {
        return switch (info.status()) {
            case INVALID -> "invalid";
            case DELETED -> "deleted";
            case CERTIFIED, REGISTERED -> info.endEpoch() <= committee.epoch() ? "expired"
                    : info.status() == BlobStatus.CERTIFIED ? "certified" : "registered";
        };
    }
}
