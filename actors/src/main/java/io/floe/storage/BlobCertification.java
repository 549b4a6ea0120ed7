package io.floe.storage;

import io.floe.persistence.BlobInfo;
import io.floe.persistence.BlobStatus;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.CertificateException;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.InvalidBlobIdMessage;
import io.floe.protocol.crypto.SignedMessage;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.crypto.StorageConfirmation;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.recovery.InconsistencyProof;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage service's signatures and proofs: storage confirmations, certificate acceptance (and adoption of a
 * certified blob this node missed), and inconsistency proofs that mark a blob invalid.
 */
final class BlobCertification {
    private static final Logger log = LoggerFactory.getLogger(BlobCertification.class);

    /** The most blobs {@link #confirmedComplete} remembers; it starts over when full. */
    private static final int MAX_CONFIRMED_REMEMBERED = 4096;

    private final BlobRecords records;
    private final StorageService service;
    /**
     * Blobs this node signed a confirmation for, holding every sliver of its shards, and the epoch it signed in;
     * a certificate for one of them in that epoch need not look up its slivers again. Bounded, in memory only.
     */
    private final Map<BlobId, Long> confirmedComplete = new ConcurrentHashMap<>();

    BlobCertification(BlobRecords records, StorageService service) {
        this.records = records;
        this.service = service;
    }

    /** Signs a confirmation once this node holds every sliver of its shards; {@code known} need no look-up. */
    SignedStorageConfirmation confirm(BlobId blobId, BlobPersistence requested, HeldSlivers known) {
        Committee committee = records.requireCommittee();
        BlobInfo info = records.servableInfo(blobId, committee);
        BlobPersistence registered = records.persistenceOf(blobId, info);
        if (!registered.equals(requested)) {
            throw NodeApiException.failedPrecondition(ErrorReason.NOT_REGISTERED, "blob " + blobId
                    + " is registered as " + registered + ", not " + requested);
        }
        if (records.metadata(blobId).isEmpty()) {
            throw NodeApiException.failedPrecondition(ErrorReason.METADATA_NOT_FOUND, "node "
                    + records.view().nodeId() + " has no metadata of blob " + blobId + "; store it first");
        }
        List<MissingSliver> missing = service.missingSlivers(blobId, known);
        if (!missing.isEmpty()) {
            MissingSliver first = missing.get(0);
            throw NodeApiException.failedPrecondition(ErrorReason.MISSING_SLIVERS, "node "
                    + records.view().nodeId() + " lacks " + missing.size() + " sliver(s) of blob " + blobId
                    + ", e.g. the " + first.type().pathName() + " sliver of pair " + first.pair() + " on shard "
                    + first.shard() + "; upload them first");
        }
        records.storage().flush();
        if (confirmedComplete.size() >= MAX_CONFIRMED_REMEMBERED) {
            confirmedComplete.clear();
        }
        confirmedComplete.put(blobId, committee.epoch());
        return SignedStorageConfirmation.sign(records.view().keys(),
                new StorageConfirmation(committee.epoch(), blobId, registered));
    }

    StoreOutcome acceptCertificate(BlobId blobId, byte[] bcs) {
        Certificate certificate;
        try {
            certificate = Certificate.fromBcs(bcs);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS,
                    "body is not a BCS certificate: " + e.getMessage());
        }
        Committee committee = records.requireCommittee();
        verify(certificate, blobId, committee);
        StoreOutcome outcome;
        synchronized (records.lock(blobId)) {
            Optional<BlobInfo> found = records.info(blobId);
            if (found.isEmpty()) {
                log.debug("certificate for unknown blob blobId={}", blobId);
                records.repairListener().certifiedBlobUnknown(certificate);
                return StoreOutcome.ACCEPTED;
            }
            BlobInfo info = found.get();
            if (info.status() == BlobStatus.INVALID || info.status() == BlobStatus.DELETED) {
                BlobRecords.requireServable(blobId, info, committee);
            }
            BlobPersistence registered = records.persistenceOf(blobId, info);
            if (!registered.equals(certificate.persistence())) {
                throw NodeApiException.invalidArgument(ErrorReason.INVALID_CERTIFICATE, "certificate confirms "
                        + certificate.persistence() + " but blob " + blobId + " is registered as " + registered);
            }
            if (info.status() == BlobStatus.CERTIFIED) {
                outcome = StoreOutcome.UNCHANGED;
            } else {
                records.storage().blobInfo().put(blobId, info.certified(certificate.epoch(), bcs));
                outcome = StoreOutcome.CREATED;
            }
        }
        // Slivers are looked up unless this node confirmed the blob complete in this epoch: since then only a
        // deletion (refused above), a shard moving (a new epoch) or a corrupt read (which triggers repair itself)
        // could have taken one away.
        Long confirmedIn = confirmedComplete.remove(blobId);
        boolean complete = confirmedIn != null && confirmedIn == committee.epoch();
        if (!complete && !service.missingSlivers(blobId, false).isEmpty()) {
            records.repairListener().blobNeedsRepair(blobId);
        }
        return outcome;
    }

    /** Verifies a certificate against the committee of its own epoch (kept by the view), not only the current one. */
    private void verify(Certificate certificate, BlobId blobId, Committee current) {
        if (!certificate.blobId().equals(blobId)) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_CERTIFICATE, "certificate is for blob "
                    + certificate.blobId() + ", not " + blobId);
        }
        Committee committee = certificate.epoch() == current.epoch() ? current
                : records.view().committeeOf(certificate.epoch()).orElseThrow(() ->
                        NodeApiException.invalidArgument(ErrorReason.INVALID_CERTIFICATE, "certificate of epoch "
                                + certificate.epoch() + ": node " + records.view().nodeId()
                                + " does not know that epoch's committee (current epoch " + current.epoch() + ")"));
        try {
            certificate.verify(committee);
        } catch (CertificateException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_CERTIFICATE, e.getMessage());
        }
    }

    void verifyOnly(Certificate certificate) {
        verify(certificate, certificate.blobId(), records.requireCommittee());
    }

    Certificate certificate(BlobId blobId) {
        records.requireCommittee();
        BlobInfo info = records.requireInfo(blobId);
        Optional<byte[]> bytes = info.certificate();
        if (info.status() != BlobStatus.CERTIFIED || bytes.isEmpty()) {
            throw NodeApiException.notFound(ErrorReason.CERTIFICATE_NOT_FOUND, "node " + records.view().nodeId()
                    + " holds no certificate of blob " + blobId);
        }
        return Certificate.fromBcs(bytes.get());
    }

    void adopt(Certificate certificate, BlobMetadata metadata, long endEpoch) {
        Committee committee = records.requireCommittee();
        BlobId blobId = certificate.blobId();
        verify(certificate, blobId, committee);
        if (!metadata.blobId().equals(blobId)) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_METADATA, "metadata hashes to "
                    + metadata.blobId() + ", not " + blobId);
        }
        if (metadata.shards() != committee.shards()) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_METADATA, "metadata is for "
                    + metadata.shards() + " shards; the committee has " + committee.shards());
        }
        if (endEpoch <= committee.epoch()) {
            throw NodeApiException.expired("blob " + blobId + " expired at epoch " + endEpoch);
        }
        byte[] bcs = certificate.toBcs();
        synchronized (records.lock(blobId)) {
            Optional<BlobInfo> found = records.info(blobId);
            if (found.isPresent() && (found.get().status() == BlobStatus.INVALID
                    || found.get().status() == BlobStatus.DELETED)) {
                BlobRecords.requireServable(blobId, found.get(), committee);
            }
            BlobInfo info = found.orElseGet(() -> BlobInfo.registered(metadata.unencodedLength(),
                    certificate.epoch(), endEpoch, certificate.persistence() instanceof BlobPersistence.Deletable));
            BlobInfo certified = info.status() == BlobStatus.CERTIFIED ? info : info.certified(certificate.epoch(), bcs);
            boolean needsMetadata = records.metadata(blobId).isEmpty();
            records.storage().atomically(batch -> {
                if (found.isEmpty()) {
                    BlobRecords.putRegistration(batch, blobId, certified, certificate.persistence());
                } else {
                    batch.putBlobInfo(blobId, certified);
                }
                if (needsMetadata) {
                    batch.putMetadata(metadata);
                }
            });
        }
        log.debug("adopted certified blob blobId={} endEpoch={}", blobId, endEpoch);
    }

    SignedMessage acceptInconsistencyProof(BlobId blobId, SliverType targetType, byte[] bcs) {
        Committee committee = records.requireCommittee();
        InconsistencyProof proof;
        try {
            proof = InconsistencyProof.fromBcs(bcs, targetType);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_BCS,
                    "body is not a BCS inconsistency proof: " + e.getMessage());
        }
        records.requireInfo(blobId);
        BlobMetadata metadata = records.requireMetadata(blobId, NodeApiException.failedPrecondition(
                ErrorReason.METADATA_NOT_FOUND, "node " + records.view().nodeId() + " has no metadata of blob "
                        + blobId + " to check the proof against"));
        String rejection;
        try {
            rejection = proof.rejectionReason(metadata);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            rejection = "the proof's symbols do not fit the blob: " + e.getMessage();
        }
        if (rejection != null) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_PROOF, rejection);
        }
        synchronized (records.lock(blobId)) {
            BlobInfo info = records.requireInfo(blobId);
            if (info.status() != BlobStatus.INVALID) {
                records.storage().blobInfo().put(blobId, info.withStatus(BlobStatus.INVALID));
                log.info("blob marked invalid blobId={} targetType={} target={}", blobId, targetType.pathName(),
                        proof.targetIndex());
            }
        }
        return SignedMessage.sign(records.view().keys(), new InvalidBlobIdMessage(committee.epoch(), blobId));
    }
}
