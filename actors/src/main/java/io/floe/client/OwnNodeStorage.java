package io.floe.client;

import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.storage.BlobRegistration;
import io.floe.storage.BlobStatusReport;
import io.floe.storage.SliverBatch;
import io.floe.storage.StorageService;
import io.floe.storage.StoreOutcome;
import java.util.List;

/**
 * The storage of the node a {@link BlobPublisher} runs in, called in-process instead of over HTTP to itself: the
 * publisher registers the blob, stores its metadata and slivers and asks for the confirmation of its own node through
 * this, and reaches every other member through the node API. A publisher outside a storage node has none.
 *
 * <p>{@link #storeEncodedSlivers} skips the Merkle verification a sliver upload gets over HTTP. That is sound because
 * the publisher trusts its own encoder: the slivers were expanded in this JVM from the blob whose metadata (and so
 * whose blob ID, the metadata's hash) it stored, so their roots are the metadata's by construction. Slivers from any
 * other source (peers, clients, recovery, shard sync) still go through the node API and are always verified.
 *
 * <p>{@link #readStoredSliver} likewise spares a {@link BlobAggregator} the verification of a sliver it reads from its
 * own node: whatever the node stores was verified (or encoded here) when it was written, and its checksum is checked
 * on every read, so a damaged copy is refused rather than returned.
 */
public interface OwnNodeStorage {

    /** This node's id, as it appears in the committee. */
    String nodeId();

    /** As {@code GET /v1/blobs/{id}/status} (see {@link StorageService#status}). */
    BlobStatusReport status(BlobId blobId);

    /** As {@code PUT /v1/blobs/{id}/registration} (see {@link StorageService#register}). */
    StoreOutcome register(BlobId blobId, BlobRegistration registration);

    /** As {@code PUT /v1/blobs/{id}/metadata} (see {@link StorageService#storeMetadata(BlobId, BlobMetadata)}). */
    StoreOutcome storeMetadata(BlobId blobId, BlobMetadata metadata);

    /**
     * Stores slivers the publisher has just encoded, with every check of {@code PUT /v1/blobs/{id}/slivers} except
     * the Merkle verification (see {@link StorageService#storeSliversEncodedHere}); all or nothing.
     */
    StoreOutcome storeEncodedSlivers(BlobId blobId, List<SliverBatch.Entry> slivers);

    /**
     * As {@code GET /v1/blobs/{id}/confirmation/...}: flushed to disk, then signed (see
     * {@link StorageService#confirm}).
     */
    SignedStorageConfirmation confirm(BlobId blobId, BlobPersistence persistence);

    /**
     * As {@code POST /v1/blobs/{id}/certificate}: verified, then persisted (see
     * {@link StorageService#acceptCertificate}).
     */
    StoreOutcome acceptCertificate(BlobId blobId, Certificate certificate);

    /**
     * A sliver this node stores, as {@code GET /v1/blobs/{id}/slivers/{pair}/{type}} serves it (see
     * {@link StorageService#readSliver}).
     *
     * @throws io.floe.storage.NodeApiException when the node does not own the pair, lacks the sliver, or its stored
     *     copy is corrupt
     */
    Sliver readStoredSliver(BlobId blobId, int pair, SliverType type);

    /** The node whose data plane runs {@code service}. */
    static OwnNodeStorage of(StorageService service) {
        return new OwnNodeStorage() {
            @Override
            public String nodeId() {
                return service.view().nodeId();
            }

            @Override
            public BlobStatusReport status(BlobId blobId) {
                return service.status(blobId);
            }

            @Override
            public StoreOutcome register(BlobId blobId, BlobRegistration registration) {
                return service.register(blobId, registration);
            }

            @Override
            public StoreOutcome storeMetadata(BlobId blobId, BlobMetadata metadata) {
                return service.storeMetadata(blobId, metadata);
            }

            @Override
            public StoreOutcome storeEncodedSlivers(BlobId blobId, List<SliverBatch.Entry> slivers) {
                return service.storeSliversEncodedHere(blobId, slivers);
            }

            @Override
            public Sliver readStoredSliver(BlobId blobId, int pair, SliverType type) {
                return service.readSliver(blobId, pair, type);
            }

            @Override
            public SignedStorageConfirmation confirm(BlobId blobId, BlobPersistence persistence) {
                return service.confirm(blobId, persistence);
            }

            @Override
            public StoreOutcome acceptCertificate(BlobId blobId, Certificate certificate) {
                return service.acceptCertificate(blobId, certificate.toBcs());
            }
        };
    }
}
