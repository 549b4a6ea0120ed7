package io.floe.client;

import io.floe.client.MemberCalls.Outcome;
import io.floe.metrics.FloeMetrics;
import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.CertificateBuilder;
import io.floe.protocol.committee.CertificateException;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.SliverPair;
import io.floe.storage.BlobRegistration;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.DeletionToken;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import io.floe.storage.SliverBatch;
import io.floe.storage.StoreOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a blob on the committee, as Walrus' publisher: encode, register with every member (the metadata in the
 * same request), each sliver pair to the owner of its shard (in parallel, bounded; the owner's confirmation comes
 * back with its last batch), confirmations until their signers hold more than {@code 2f} shards, then the
 * certificate to every member. Tolerates unreachable members as long as the rest holds a quorum. Its own node, if it
 * runs in one, is called in-process ({@link OwnNodeStorage}) rather than over HTTP. Blocking; thread-safe.
 */
public final class BlobPublisher {
    private static final Logger log = LoggerFactory.getLogger(BlobPublisher.class);

    /** The largest sliver batch a store sends in one request (a pair larger than this goes alone). */
    static final long BATCH_BYTES = 4L << 20;
    /** The most sliver pairs in one batch, however small. */
    static final int MAX_PAIRS_PER_BATCH = 64;

    private final CommitteeView view;
    private final NodeApiClients clients;
    private final int maxConcurrentSlivers;
    private final FloeMetrics metrics;
    private final int maxEpochsAhead;
    private final OwnNodeStorage ownNode;
    private final SecureRandom random = new SecureRandom();

    /**
     * A publisher outside any storage node over {@code view}'s committee that uploads at most
     * {@code maxConcurrentSlivers} pairs at once.
     */
    public BlobPublisher(CommitteeView view, NodeApiClients clients, int maxConcurrentSlivers) {
        this(view, clients, maxConcurrentSlivers, io.floe.storage.StorageService.DEFAULT_MAX_EPOCHS_AHEAD,
                FloeMetrics.disabled(), null);
    }

    /**
     * A publisher that stores blobs at most {@code maxEpochsAhead} epochs ahead of the current one and times its
     * encoding in {@code metrics}.
     *
     * @param ownNode the storage of the node this publisher runs in, called directly instead of over HTTP; null for
     *     a publisher outside any storage node
     */
    public BlobPublisher(CommitteeView view, NodeApiClients clients, int maxConcurrentSlivers, int maxEpochsAhead,
            FloeMetrics metrics, OwnNodeStorage ownNode) {
        if (maxEpochsAhead < 1) {
            throw new IllegalArgumentException("max epochs ahead must be positive: " + maxEpochsAhead);
        }
        this.maxEpochsAhead = maxEpochsAhead;
        if (maxConcurrentSlivers < 1) {
            throw new IllegalArgumentException("sliver upload concurrency must be positive: " + maxConcurrentSlivers);
        }
        this.view = view;
        this.clients = clients;
        this.maxConcurrentSlivers = maxConcurrentSlivers;
        this.metrics = metrics;
        this.ownNode = ownNode;
    }

    /** The largest blob the current committee can hold. */
    public long committeeMaxBlobSize() {
        return EncodingConfig.forShards(requireCommittee().shards()).maxBlobSize();
    }

    /**
     * Stores {@code blob} for {@code epochs} epochs from the current one.
     *
     * @throws NodeApiException 400 for bad parameters or a conflicting registration, 413 for a blob too large for
     *     the committee, 503 when signers holding more than {@code 2f} shards cannot be reached
     */
    public PublishResult store(byte[] blob, int epochs, boolean deletable) {
        Committee committee = checkStore(blob.length, epochs);
        return store(committee, metrics.encode(() -> ExpandedBlob.encode(
                EncodingConfig.forShards(committee.shards()), blob)), epochs, deletable);
    }

    /**
     * Stores the blob in {@code blobFile} like {@link #store(byte[], int, boolean)}, expanding it into a memory-mapped
     * scratch file under {@code scratchDirectory}: the heap holds neither the blob nor its expansion.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read or the scratch file cannot be created
     */
    public PublishResult store(Path blobFile, Path scratchDirectory, int epochs, boolean deletable) {
        long length;
        try {
            length = Files.size(blobFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the blob at " + blobFile, e);
        }
        Committee committee = checkStore(length, epochs);
        return store(committee, metrics.encode(() -> ExpandedBlob.encode(
                EncodingConfig.forShards(committee.shards()), blobFile, scratchDirectory)), epochs, deletable);
    }

    private Committee checkStore(long length, int epochs) {
        if (epochs < 1) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "epochs must be at least 1, got "
                    + epochs);
        }
        checkEpochs(epochs);
        Committee committee = requireCommittee();
        EncodingConfig config = EncodingConfig.forShards(committee.shards());
        if (!config.fits(length)) {
            throw NodeApiException.bodyTooLarge("blob is " + length + " bytes; this committee's maximum is "
                    + config.maxBlobSize());
        }
        return committee;
    }

    private PublishResult store(Committee committee, ExpandedBlob expanded, int epochs, boolean deletable) {
        EncodingConfig config = expanded.config();
        long length = expanded.length();
        BlobId blobId = expanded.blobId();
        long endEpoch = committee.epoch() + epochs;
        List<CommitteeMember> members = committee.members();

        List<Outcome<BlobStatusReport>> statuses = MemberCalls.callAll(members,
                member -> isOwnNode(member) ? ownNode.status(blobId) : client(member).status(blobId),
                clients.fanOut());
        Optional<PublishResult> already = alreadyCertified(committee, blobId, statuses, endEpoch, deletable);
        if (already.isPresent()) {
            healLagging(blobId, statuses);
            return already.get();
        }
        // The owner's deletion token; members learn only its hash, which is the blob's object ID.
        byte[] token = deletable ? randomBytes() : null;
        BlobPersistence persistence = deletable ? BlobPersistence.deletable(DeletionToken.hash(token))
                : BlobPersistence.permanent();
        BlobRegistration registration = new BlobRegistration(length, endEpoch, persistence);

        List<CommitteeMember> withMetadata = succeeded(MemberCalls.callAll(members, member -> {
            if (isOwnNode(member)) {
                ownNode.register(blobId, registration);
                return ownNode.storeMetadata(blobId, expanded.metadata());
            }
            return client(member).register(blobId, registration, expanded.metadata());
        }, clients.fanOut()));
        Map<String, SignedStorageConfirmation> confirmedWithSlivers =
                uploadSlivers(committee, config, expanded, withMetadata, persistence);

        CertificateBuilder builder = new CertificateBuilder(committee, blobId, persistence);
        List<Outcome<SignedStorageConfirmation>> confirmations = MemberCalls.callAll(withMetadata, member -> {
            SignedStorageConfirmation given = confirmedWithSlivers.get(member.nodeId());
            if (given != null) {
                return given;
            }
            return isOwnNode(member) ? ownNode.confirm(blobId, persistence)
                    : client(member).confirmation(blobId, persistence);
        }, clients.fanOut());
        for (Outcome<SignedStorageConfirmation> outcome : confirmations) {
            if (outcome.ok() && outcome.value().signer().equals(outcome.member().publicKey())) {
                try {
                    builder.add(outcome.value());
                } catch (CertificateException e) {
                    log.warn("rejected confirmation blobId={} node={} reason={}", blobId, outcome.member().nodeId(),
                            e.getMessage());
                }
            }
        }
        if (!builder.hasQuorum()) {
            throw NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "blob " + blobId
                    + " was not certified: confirming members hold " + builder.weight() + " of " + committee.shards()
                    + " shards and a certificate needs more than " + 2 * committee.faulty() + "; failures: "
                    + MemberCalls.describeFailures(confirmations) + "; retry when more nodes are up");
        }
        Certificate certificate = builder.build();
        List<Outcome<StoreOutcome>> posted = MemberCalls.callAll(members, member -> postCertificate(member, blobId,
                certificate), clients.fanOut());
        log.debug("blob certified blobId={} size={} endEpoch={} certificateFailures={}", blobId, length,
                endEpoch, MemberCalls.describeFailures(posted));
        return new PublishResult.NewlyCreated(blobId, objectIdText(persistence), committee.epoch(),
                committee.epoch(), length, NodeApiJson.base64Url(randomBytes()), endEpoch,
                config.encodedLength(length), deletable, Optional.ofNullable(token).map(NodeApiJson::base64Url));
    }

    /** Refuses more than the configured number of epochs ahead (400 {@code EPOCHS_TOO_MANY}). */
    public void checkEpochs(long epochs) {
        if (epochs > maxEpochsAhead) {
            throw NodeApiException.invalidArgument(ErrorReason.EPOCHS_TOO_MANY, "epochs=" + epochs + " is more than"
                    + " the " + maxEpochsAhead + " epochs ahead a blob may be stored (floe.epoch.max-epochs-ahead);"
                    + " store it for fewer epochs and extend it later");
        }
    }

    private Committee requireCommittee() {
        return view.committee().orElseThrow(() -> NodeApiException.unavailable(ErrorReason.NOT_READY,
                "node " + view.nodeId() + " does not know the committee yet; retry shortly"));
    }

    private NodeApiClient client(CommitteeMember member) {
        return clients.forUrl(member.apiUrl());
    }

    private StoreOutcome postCertificate(CommitteeMember member, BlobId blobId, Certificate certificate) {
        return isOwnNode(member) ? ownNode.acceptCertificate(blobId, certificate)
                : client(member).postCertificate(blobId, certificate);
    }

    /** Whether {@code member} is the node this publisher runs in, which it calls in-process. */
    private boolean isOwnNode(CommitteeMember member) {
        return ownNode != null && member.nodeId().equals(ownNode.nodeId());
    }

    /** Certified on members holding more than {@code f} shards, long enough, with the same persistence kind. */
    private static Optional<PublishResult> alreadyCertified(Committee committee, BlobId blobId,
            List<Outcome<BlobStatusReport>> statuses, long endEpoch, boolean deletable) {
        int weight = 0;
        long certifiedUntil = Long.MAX_VALUE;
        for (Outcome<BlobStatusReport> outcome : statuses) {
            BlobStatusReport status = outcome.value();
            if (outcome.ok() && status.status().equals("certified") && status.deletable() == deletable
                    && status.endEpoch().orElse(0) >= endEpoch) {
                weight += outcome.member().weight();
                certifiedUntil = Math.min(certifiedUntil, status.endEpoch().getAsLong());
            }
        }
        if (!committee.isValidity(weight)) {
            return Optional.empty();
        }
        return Optional.of(new PublishResult.AlreadyCertified(blobId, certifiedUntil));
    }

    /** Sends the certificate again to reachable members that are not certified or lack slivers, best effort. */
    private void healLagging(BlobId blobId, List<Outcome<BlobStatusReport>> statuses) {
        List<CommitteeMember> lagging = new ArrayList<>();
        List<CommitteeMember> certified = new ArrayList<>();
        for (Outcome<BlobStatusReport> outcome : statuses) {
            if (!outcome.ok()) {
                continue;
            }
            boolean done = outcome.value().status().equals("certified");
            if (done) {
                certified.add(outcome.member());
            }
            if (!done || !outcome.value().complete()) {
                lagging.add(outcome.member());
            }
        }
        if (lagging.isEmpty()) {
            return;
        }
        for (CommitteeMember source : certified) {
            Outcome<Certificate> fetched = MemberCalls.call(source, member -> client(member).certificate(blobId));
            if (fetched.ok()) {
                List<Outcome<StoreOutcome>> posted = MemberCalls.callAll(lagging,
                        member -> postCertificate(member, blobId, fetched.value()), clients.fanOut());
                log.debug("certificate resent blobId={} lagging={} failures={}", blobId, lagging.size(),
                        MemberCalls.describeFailures(posted));
                return;
            }
        }
    }

    /**
     * Sends every owner the sliver pairs of its shards, both slivers of a pair together, in batches of at most
     * {@link #BATCH_BYTES} (one pair per request when a pair alone is larger), at most {@code maxConcurrentSlivers}
     * requests at once. An owner that fails one request gets no more: its other slivers would fail the same way, and
     * the certificate needs only a quorum. The publisher's own node gets the same batches in-process, unverified
     * (see {@link OwnNodeStorage}), and is given up on the same way when one fails. Each remote owner is asked to
     * confirm {@code persistence} with its batches; returns the confirmations so given, by node ID. An owner signs
     * one only once it holds every sliver of its shards, so with several batches in flight it may give none: the
     * caller asks the owners without one afterwards.
     */
    private Map<String, SignedStorageConfirmation> uploadSlivers(Committee committee, EncodingConfig config,
            ExpandedBlob expanded, List<CommitteeMember> targets, BlobPersistence persistence) {
        Map<String, SignedStorageConfirmation> confirmed = new ConcurrentHashMap<>();
        BlobId blobId = expanded.blobId();
        Set<String> reachable = ConcurrentHashMap.newKeySet();
        targets.forEach(member -> reachable.add(member.nodeId()));
        int symbolSize = expanded.symbolSize();
        long pairBytes = config.primarySliverSize(symbolSize) + config.secondarySliverSize(symbolSize);
        int pairsPerBatch = (int) Math.max(1, Math.min(MAX_PAIRS_PER_BATCH, BATCH_BYTES / Math.max(1, pairBytes)));
        Map<CommitteeMember, List<Integer>> pairsByOwner = new LinkedHashMap<>();
        for (int pair = 0; pair < config.shards(); pair++) {
            CommitteeMember owner = committee.memberOfShard(config.shardOfPair(pair, blobId));
            if (reachable.contains(owner.nodeId())) {
                pairsByOwner.computeIfAbsent(owner, member -> new ArrayList<>()).add(pair);
            }
        }
        Semaphore permits = new Semaphore(maxConcurrentSlivers);
        List<CompletableFuture<Void>> uploads = new ArrayList<>();
        for (Map.Entry<CommitteeMember, List<Integer>> owned : pairsByOwner.entrySet()) {
            CommitteeMember owner = owned.getKey();
            List<Integer> pairs = owned.getValue();
            for (int from = 0; from < pairs.size(); from += pairsPerBatch) {
                List<Integer> batch = pairs.subList(from, Math.min(pairs.size(), from + pairsPerBatch));
                permits.acquireUninterruptibly();
                uploads.add(CompletableFuture.runAsync(() -> {
                    try {
                        if (!reachable.contains(owner.nodeId())) {
                            return;
                        }
                        List<SliverBatch.Entry> slivers = new ArrayList<>(2 * batch.size());
                        for (int index : batch) {
                            SliverPair pair = expanded.sliverPair(index);
                            slivers.add(new SliverBatch.Entry(index, pair.primary()));
                            slivers.add(new SliverBatch.Entry(index, pair.secondary()));
                        }
                        if (isOwnNode(owner)) {
                            ownNode.storeEncodedSlivers(blobId, slivers);
                        } else {
                            client(owner).putSlivers(blobId, slivers, persistence)
                                    .ifPresent(confirmation -> confirmed.put(owner.nodeId(), confirmation));
                        }
                    } catch (RuntimeException e) {
                        reachable.remove(owner.nodeId());
                        log.debug("sliver upload failed blobId={} pairs={} node={} local={} error={}", blobId, batch,
                                owner.nodeId(), isOwnNode(owner), e.getMessage());
                    } finally {
                        permits.release();
                    }
                }, clients.fanOut()));
            }
        }
        uploads.forEach(CompletableFuture::join);
        return confirmed;
    }

    /** The members whose call succeeded; a registration conflict or an invalid blob fails the whole store. */
    private static <T> List<CommitteeMember> succeeded(List<Outcome<T>> outcomes) {
        List<CommitteeMember> ok = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.ok()) {
                ok.add(outcome.member());
            } else if (outcome.failure() instanceof NodeApiException error
                    && (error.reason().equals(ErrorReason.REGISTRATION_CONFLICT)
                            || error.reason().equals(ErrorReason.BLOB_INVALID))) {
                throw error;
            }
        }
        return ok;
    }

    /** The blob object's ID: a deletable blob's own; a permanent blob gets a fresh one, as on Sui. */
    private String objectIdText(BlobPersistence persistence) {
        return NodeApiJson.base64Url(persistence instanceof BlobPersistence.Deletable deletable
                ? deletable.objectId() : randomBytes());
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[BlobPersistence.OBJECT_ID_LENGTH];
        random.nextBytes(bytes);
        return bytes;
    }
}
