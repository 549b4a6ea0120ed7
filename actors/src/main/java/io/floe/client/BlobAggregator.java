package io.floe.client;

import io.floe.metrics.FloeMetrics;
import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.encoding.BlobDecoder;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.InconsistentBlobException;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.VerifiedBlobMetadata;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a blob back, as Walrus' aggregator: metadata from any member, verified against the blob ID; primary slivers
 * from their owners, systematic ones first, {@code p} at a time in parallel, each verified; then decoding. Never
 * returns bytes that do not match the blob ID. Slivers its own node stores, if it runs in one, are read in-process
 * and not verified again ({@link OwnNodeStorage#readStoredSliver}). Blocking; thread-safe.
 */
public final class BlobAggregator {
    private static final Logger log = LoggerFactory.getLogger(BlobAggregator.class);

    private final CommitteeView view;
    private final NodeApiClients clients;
    private final FloeMetrics metrics;
    private final OwnNodeStorage ownNode;

    public BlobAggregator(CommitteeView view, NodeApiClients clients) {
        this(view, clients, FloeMetrics.disabled(), null);
    }

    /**
     * The same, timing its decoding in {@code metrics} and reading the slivers of {@code ownNode} (null outside a
     * storage node) in-process.
     */
    public BlobAggregator(CommitteeView view, NodeApiClients clients, FloeMetrics metrics, OwnNodeStorage ownNode) {
        this.view = view;
        this.clients = clients;
        this.metrics = metrics;
        this.ownNode = ownNode;
    }

    /**
     * The blob's bytes.
     *
     * @throws NodeApiException 404 unknown, expired ({@code BLOB_EXPIRED}) or deleted ({@code BLOB_DELETED}), 410 invalid,
     *     503 too few nodes reachable
     */
    public byte[] read(BlobId blobId) {
        Committee committee = view.committee().orElseThrow(() -> NodeApiException.unavailable(
                ErrorReason.NOT_READY, "node " + view.nodeId() + " does not know the committee yet; retry shortly"));
        BlobMetadata metadata = metadata(committee, blobId);
        List<Sliver> slivers = primarySlivers(committee, blobId, metadata);
        try {
            return metrics.decode(() -> BlobDecoder.decodeFromPrimary(metadata, slivers, true));
        } catch (InconsistentBlobException e) {
            throw NodeApiException.blobInvalid("blob " + blobId + " is inconsistently encoded: " + e.getMessage());
        }
    }

    /** Verified metadata from the first member that has it; the most telling error when none does. */
    private BlobMetadata metadata(Committee committee, BlobId blobId) {
        List<CommitteeMember> members = new ArrayList<>(committee.members());
        Collections.shuffle(members);
        List<RuntimeException> failures = new ArrayList<>();
        int notFoundWeight = 0;
        for (CommitteeMember member : members) {
            try {
                VerifiedBlobMetadata metadata = clients.forUrl(member.apiUrl()).metadata(blobId);
                if (metadata.metadata().shards() == committee.shards()) {
                    return metadata.metadata();
                }
                log.debug("metadata for another shard count blobId={} node={}", blobId, member.nodeId());
            } catch (NodeApiException | NodeUnreachableException e) {
                failures.add(e);
                if (e instanceof NodeApiException error && error.httpStatus() == 404) {
                    notFoundWeight += member.weight();
                }
            }
        }
        throw mostTelling(committee, blobId, failures, notFoundWeight);
    }

    /**
     * 410 (invalid) or 404 expired/deleted if a member said so; 404 if members holding all but at most {@code f}
     * shards do not know the blob (a certified blob has its metadata on more than {@code f} correct shards);
     * otherwise 503.
     */
    private static NodeApiException mostTelling(Committee committee, BlobId blobId, List<RuntimeException> failures,
            int notFoundWeight) {
        for (String reason : new String[] {ErrorReason.BLOB_INVALID, ErrorReason.BLOB_DELETED,
                ErrorReason.BLOB_EXPIRED}) {
            for (RuntimeException failure : failures) {
                if (failure instanceof NodeApiException error && error.reason().equals(reason)) {
                    return error;
                }
            }
        }
        if (notFoundWeight >= committee.shards() - committee.faulty()) {
            return NodeApiException.notFound(ErrorReason.BLOB_NOT_FOUND, "blob " + blobId
                    + " is not stored on this committee");
        }
        return NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "no member could serve the metadata of "
                + blobId + " (" + failures.size() + " tried); retry when more nodes are up");
    }

    /** {@code p} verified primary slivers: systematic indices first, the next candidate whenever one fails. */
    private List<Sliver> primarySlivers(Committee committee, BlobId blobId, BlobMetadata metadata) {
        EncodingConfig config = EncodingConfig.forShards(committee.shards());
        int needed = config.primarySourceSymbols();
        CompletionService<Sliver> fetches = new ExecutorCompletionService<>(clients.fanOut());
        List<Future<Sliver>> started = new ArrayList<>();
        List<Sliver> slivers = new ArrayList<>(needed);
        int next = 0;
        int inFlight = 0;
        int failed = 0;
        try {
            while (slivers.size() < needed) {
                while (inFlight < needed - slivers.size() && next < config.shards()) {
                    int pair = next++;
                    CommitteeMember owner = committee.memberOfShard(config.shardOfPair(pair, blobId));
                    started.add(fetches.submit(() -> {
                        boolean own = ownNode != null && owner.nodeId().equals(ownNode.nodeId());
                        Sliver sliver = own ? ownNode.readStoredSliver(blobId, pair, SliverType.PRIMARY)
                                : clients.forUrl(owner.apiUrl()).sliver(blobId, pair, SliverType.PRIMARY);
                        if (sliver.index() != pair) {
                            throw new IllegalArgumentException("node " + owner.nodeId() + " sent sliver "
                                    + sliver.index() + " for pair " + pair);
                        }
                        if (own) {
                            SliverVerifier.checkShape(config, metadata, sliver);
                        } else {
                            SliverVerifier.verify(metadata, sliver);
                        }
                        return sliver;
                    }));
                    inFlight++;
                }
                if (inFlight == 0) {
                    throw NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "only " + slivers.size()
                            + " of the " + needed + " primary slivers needed to read blob " + blobId
                            + " could be fetched and verified (" + failed + " failed); retry when more nodes are up");
                }
                Future<Sliver> done = fetches.take();
                inFlight--;
                try {
                    slivers.add(done.get());
                } catch (ExecutionException e) {
                    failed++;
                    log.debug("sliver fetch failed blobId={} error={}", blobId, e.getCause().toString());
                }
            }
            return slivers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "read of " + blobId + " interrupted");
        } finally {
            started.forEach(future -> future.cancel(true));
        }
    }
}
