package io.floe.protocol.committee;

import io.floe.protocol.BlobId;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.InvalidConfirmationException;
import io.floe.protocol.crypto.NodePublicKey;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.crypto.StorageConfirmation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects a publisher's storage confirmations for one blob, keeping only valid ones from members of the current
 * committee, until their signers hold a quorum of shards and a {@link Certificate} can be built. Not thread-safe.
 */
public final class CertificateBuilder {
    private final Committee committee;
    private final StorageConfirmation expected;
    private final Map<NodePublicKey, byte[]> signatures = new LinkedHashMap<>();
    private int weight;

    /** Collects confirmations of {@code blobId} with {@code persistence} in {@code committee}'s epoch. */
    public CertificateBuilder(Committee committee, BlobId blobId, BlobPersistence persistence) {
        this.committee = Objects.requireNonNull(committee, "committee");
        this.expected = new StorageConfirmation(committee.epoch(), blobId, persistence);
    }

    /**
     * Adds a confirmation and returns whether the signers now hold a quorum. A second confirmation from the same
     * signer changes nothing; one from a non-member or one that does not verify throws {@link CertificateException}.
     */
    public boolean add(SignedStorageConfirmation confirmation) {
        NodePublicKey signer = confirmation.signer();
        CommitteeMember member = committee.memberByKey(signer).orElseThrow(() -> new CertificateException(
                "confirmation signer " + signer + " is not a member of the committee of epoch " + committee.epoch()));
        if (signatures.containsKey(signer)) {
            return hasQuorum();
        }
        try {
            confirmation.requireValid(expected.blobId(), expected.epoch(), expected.persistence());
        } catch (InvalidConfirmationException e) {
            throw new CertificateException("rejected confirmation of member " + member.nodeId() + ": "
                    + e.getMessage());
        }
        signatures.put(signer, confirmation.signature());
        weight += member.weight();
        return hasQuorum();
    }

    /** The number of shards the accepted signers hold. */
    public int weight() {
        return weight;
    }

    public boolean hasQuorum() {
        return committee.isQuorum(weight);
    }

    /** The certificate of the accepted confirmations; throws {@link CertificateException} before a quorum. */
    public Certificate build() {
        if (!hasQuorum()) {
            throw new CertificateException(Certificate.insufficientWeight(weight, committee));
        }
        List<Certificate.Signer> signers = new ArrayList<>();
        signatures.forEach((key, signature) -> signers.add(new Certificate.Signer(key, signature)));
        return Certificate.of(expected, signers);
    }
}
