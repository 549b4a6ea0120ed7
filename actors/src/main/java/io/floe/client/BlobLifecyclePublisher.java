package io.floe.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.client.MemberCalls.Outcome;
import io.floe.node.CommitteeView;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's calls on stored blobs: deletion by the owner (its token goes to every member, each checks it
 * against the hash it keeps) and extension of the end epoch (anyone may extend, as anyone who pays may on Walrus).
 * Both succeed once members holding more than {@code f} shards did it; the others learn it from their peers
 * (anti-entropy). Blocking; thread-safe.
 */
public final class BlobLifecyclePublisher {
    private static final Logger log = LoggerFactory.getLogger(BlobLifecyclePublisher.class);

    private final CommitteeView view;
    private final NodeApiClients clients;
    private final int maxEpochsAhead;

    public BlobLifecyclePublisher(CommitteeView view, NodeApiClients clients, int maxEpochsAhead) {
        this.view = view;
        this.clients = clients;
        this.maxEpochsAhead = maxEpochsAhead;
    }

    /**
     * Deletes a deletable blob on every member; returns {@code {"deleted": {blobId, shards}}}.
     *
     * @throws NodeApiException 403 wrong token, 409 permanent blob, 404 unknown, expired or already removed, 410
     *     invalid, 503 when too few members could be reached
     */
    public JsonNode delete(BlobId blobId, byte[] token) {
        Committee committee = requireCommittee();
        List<Outcome<Boolean>> outcomes = MemberCalls.callAll(committee.members(), member -> {
            client(member).delete(blobId, token);
            return true;
        }, clients.fanOut());
        int acknowledged = weightOk(outcomes);
        if (committee.isValidity(acknowledged)) {
            log.info("blob deleted blobId={} shards={} failures={}", blobId, acknowledged,
                    MemberCalls.describeFailures(outcomes));
            ObjectNode root = NodeApiJson.object();
            root.putObject("deleted").put("blobId", blobId.toString()).put("shards", acknowledged);
            return root;
        }
        throw decisiveError(committee, blobId, outcomes, acknowledged, "deleted");
    }

    /**
     * Extends a certified blob by {@code epochs} epochs beyond its current end epoch; returns
     * {@code {"extended": {blobId, previousEndEpoch, endEpoch}}}.
     *
     * @throws NodeApiException 400 too many epochs or not certified, 404 unknown, expired or deleted, 410 invalid,
     *     503 when too few members could be reached
     */
    public JsonNode extend(BlobId blobId, int epochs) {
        if (epochs < 1) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "epochs must be at least 1, got "
                    + epochs);
        }
        Committee committee = requireCommittee();
        List<Outcome<BlobStatusReport>> statuses = MemberCalls.callAll(committee.members(),
                member -> client(member).status(blobId), clients.fanOut());
        int certifiedWeight = 0;
        long previousEnd = 0;
        for (Outcome<BlobStatusReport> outcome : statuses) {
            if (outcome.ok() && outcome.value().status().equals("certified")) {
                certifiedWeight += outcome.member().weight();
                previousEnd = Math.max(previousEnd, outcome.value().endEpoch().orElse(0));
            }
        }
        if (!committee.isValidity(certifiedWeight)) {
            throw notCertified(committee, blobId, statuses);
        }
        long endEpoch = previousEnd + epochs;
        if (endEpoch - committee.epoch() > maxEpochsAhead) {
            throw NodeApiException.invalidArgument(ErrorReason.EPOCHS_TOO_MANY, "blob " + blobId + " would end at"
                    + " epoch " + endEpoch + ", " + (endEpoch - committee.epoch()) + " epochs after the current epoch "
                    + committee.epoch() + "; the maximum is " + maxEpochsAhead + " (floe.epoch.max-epochs-ahead)");
        }
        List<Outcome<Long>> outcomes = MemberCalls.callAll(committee.members(),
                member -> client(member).extend(blobId, endEpoch), clients.fanOut());
        int acknowledged = 0;
        for (Outcome<Long> outcome : outcomes) {
            if (outcome.ok() && outcome.value() >= endEpoch) {
                acknowledged += outcome.member().weight();
            }
        }
        if (!committee.isValidity(acknowledged)) {
            throw decisiveError(committee, blobId, outcomes, acknowledged, "extended");
        }
        log.info("blob extended blobId={} endEpoch={} shards={}", blobId, endEpoch, acknowledged);
        ObjectNode root = NodeApiJson.object();
        root.putObject("extended").put("blobId", blobId.toString()).put("previousEndEpoch", previousEnd)
                .put("endEpoch", endEpoch);
        return root;
    }

    /**
     * One page of the blobs this node's own storage records ({@code GET /v1/blobs} of its node API), for
     * {@code floe list-blobs}: {@code {"blobs": [...], "next": "<blob ID>" | null}}.
     */
    public JsonNode list(BlobId after, int limit) {
        Committee committee = requireCommittee();
        CommitteeMember self = committee.memberById(view.nodeId()).orElseThrow(() -> NodeApiException.unavailable(
                ErrorReason.NOT_READY, "node " + view.nodeId() + " is not a member of the committee of epoch "
                        + committee.epoch() + "; list the blobs on a member"));
        return NodeApiJson.listing(client(self).list(after, limit));
    }

    /** Why a blob that members holding more than {@code f} shards do not report certified cannot be extended. */
    private static NodeApiException notCertified(Committee committee, BlobId blobId,
            List<Outcome<BlobStatusReport>> statuses) {
        int unknownWeight = 0;
        for (String word : new String[] {"invalid", "deleted", "expired", "registered"}) {
            for (Outcome<BlobStatusReport> outcome : statuses) {
                if (outcome.ok() && outcome.value().status().equals(word)) {
                    return switch (word) {
                        case "invalid" -> NodeApiException.blobInvalid("blob " + blobId
                                + " was shown to be inconsistently encoded and cannot be extended");
                        case "deleted" -> NodeApiException.deleted("blob " + blobId + " was deleted by its owner");
                        case "expired" -> NodeApiException.expired("blob " + blobId + " expired at epoch "
                                + outcome.value().endEpoch().orElse(0) + "; store it again");
                        default -> NodeApiException.failedPrecondition(ErrorReason.NOT_CERTIFIED, "blob " + blobId
                                + " is registered but not certified; store it again to certify it");
                    };
                }
            }
        }
        for (Outcome<BlobStatusReport> outcome : statuses) {
            if (outcome.ok()) {
                unknownWeight += outcome.member().weight();
            }
        }
        if (unknownWeight >= committee.shards() - committee.faulty()) {
            return NodeApiException.notFound(ErrorReason.BLOB_NOT_FOUND, "blob " + blobId
                    + " is not stored on this committee");
        }
        return NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "too few members answered about blob "
                + blobId + ": " + MemberCalls.describeFailures(statuses) + "; retry when more nodes are up");
    }

    /** The members' own error when they agree on one that matters; otherwise 503. */
    private static NodeApiException decisiveError(Committee committee, BlobId blobId,
            List<? extends Outcome<?>> outcomes, int acknowledged, String done) {
        for (int status : new int[] {403, 409, 410, 400}) {
            for (Outcome<?> outcome : outcomes) {
                if (outcome.failure() instanceof NodeApiException error && error.httpStatus() == status) {
                    return error;
                }
            }
        }
        int notFound = 0;
        Optional<NodeApiException> telling = Optional.empty();
        for (Outcome<?> outcome : outcomes) {
            if (outcome.failure() instanceof NodeApiException error && error.httpStatus() == 404) {
                notFound += outcome.member().weight();
                if (telling.isEmpty() || !error.reason().equals(ErrorReason.BLOB_NOT_FOUND)) {
                    telling = Optional.of(error);
                }
            }
        }
        if (telling.isPresent() && notFound >= committee.shards() - committee.faulty() - acknowledged) {
            return telling.get();
        }
        return NodeApiException.unavailable(ErrorReason.NOT_ENOUGH_SHARDS, "blob " + blobId + " was " + done
                + " by members holding " + acknowledged + " of " + committee.shards() + " shards; more than "
                + committee.faulty() + " are needed (failures: " + MemberCalls.describeFailures(outcomes)
                + "); the rest learn it from their peers, or retry when more nodes are up");
    }

    private static int weightOk(List<? extends Outcome<?>> outcomes) {
        int weight = 0;
        for (Outcome<?> outcome : outcomes) {
            if (outcome.ok()) {
                weight += outcome.member().weight();
            }
        }
        return weight;
    }

    private Committee requireCommittee() {
        return view.committee().orElseThrow(() -> NodeApiException.unavailable(ErrorReason.NOT_READY,
                "node " + view.nodeId() + " does not know the committee yet; retry shortly"));
    }

    private NodeApiClient client(CommitteeMember member) {
        return clients.forUrl(member.apiUrl());
    }
}
