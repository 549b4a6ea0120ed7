package io.floe.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.node.StaticCommitteeView;
import io.floe.persistence.BlobStatus;
import io.floe.persistence.memory.InMemoryNodeStorage;
import io.floe.protocol.BlobId;
import io.floe.protocol.committee.Certificate;
import io.floe.protocol.committee.CertificateBuilder;
import io.floe.protocol.committee.Committee;
import io.floe.protocol.committee.CommitteeMember;
import io.floe.protocol.committee.ShardAssignment;
import io.floe.protocol.crypto.BlobPersistence;
import io.floe.protocol.crypto.InvalidBlobIdMessage;
import io.floe.protocol.crypto.NodeKeyPair;
import io.floe.protocol.crypto.SignedMessage;
import io.floe.protocol.crypto.SignedStorageConfirmation;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import io.floe.protocol.metadata.BlobMetadata;
import io.floe.protocol.metadata.SliverPairHashes;
import io.floe.protocol.recovery.RecoverySymbol;
import io.floe.protocol.recovery.SliverRecovery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The node-side rules of docs/node-api.md on in-memory storage: 4 nodes, 10 shards, services side by side. */
class StorageServiceTest {
    private static final int SHARDS = 10;
    private final List<NodeKeyPair> keys = new ArrayList<>();
    private final List<InMemoryNodeStorage> storages = new ArrayList<>();
    private final List<StorageService> services = new ArrayList<>();
    private Committee committee;
    private ExpandedBlob blob;

    @BeforeEach
    void setUp() {
        List<String> ids = List.of("node-0", "node-1", "node-2", "node-3");
        ShardAssignment assignment = ShardAssignment.genesis(SHARDS, ids);
        List<CommitteeMember> members = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            keys.add(NodeKeyPair.generate());
            members.add(new CommitteeMember(ids.get(i), keys.get(i).publicKey(), "http://127.0.0.1:" + (1000 + i),
                    assignment.shardsOf(ids.get(i))));
        }
        committee = new Committee(1, members);
        for (int i = 0; i < ids.size(); i++) {
            InMemoryNodeStorage storage = new InMemoryNodeStorage();
            storages.add(storage);
            services.add(new StorageService(storage, new StaticCommitteeView(ids.get(i), keys.get(i), committee)));
        }
        byte[] bytes = new byte[5000];
        new Random(7).nextBytes(bytes);
        blob = ExpandedBlob.encode(EncodingConfig.forShards(SHARDS), bytes);
    }

    @AfterEach
    void tearDown() {
        storages.forEach(InMemoryNodeStorage::close);
    }

    private BlobId id() {
        return blob.blobId();
    }

    private BlobRegistration permanent() {
        return new BlobRegistration(blob.length(), 5, BlobPersistence.permanent());
    }

    /** The node owning pair {@code pair}. */
    private int ownerOf(int pair) {
        String owner = committee.memberOfShard(EncodingConfig.forShards(SHARDS).shardOfPair(pair, id())).nodeId();
        return Integer.parseInt(owner.substring("node-".length()));
    }

    /** Registers the blob on every node, with its metadata. */
    private void registerEverywhere() {
        for (StorageService service : services) {
            service.register(id(), permanent());
            service.storeMetadata(id(), blob.metadata().toBcs());
        }
    }

    private void storeEverywhere() {
        registerEverywhere();
        for (int pair = 0; pair < SHARDS; pair++) {
            StorageService owner = services.get(ownerOf(pair));
            owner.storeSliver(id(), pair, blob.sliverPair(pair).primary());
            owner.storeSliver(id(), pair, blob.sliverPair(pair).secondary());
        }
    }

    private static NodeApiException assertApiError(int status, String reason, Executable call) {
        NodeApiException e = assertThrows(NodeApiException.class, call);
        assertEquals(status, e.httpStatus(), e.toString());
        assertEquals(reason, e.reason(), e.toString());
        return e;
    }

    /** Both slivers of every pair node-0 owns, as batch entries, and a pair another node owns. */
    private record NodeSlivers(List<SliverBatch.Entry> owned, int foreignPair) {
    }

    private NodeSlivers sliversOfNode0() {
        List<SliverBatch.Entry> owned = new ArrayList<>();
        int foreignPair = -1;
        for (int pair = 0; pair < SHARDS; pair++) {
            if (ownerOf(pair) == 0) {
                owned.add(new SliverBatch.Entry(pair, blob.sliverPair(pair).primary()));
                owned.add(new SliverBatch.Entry(pair, blob.sliverPair(pair).secondary()));
            } else {
                foreignPair = pair;
            }
        }
        return new NodeSlivers(owned, foreignPair);
    }

    @Test
    void aSliverBatchIsStoredWholeOrNotAtAll() {
        registerEverywhere();
        StorageService node = services.get(0);
        NodeSlivers slivers = sliversOfNode0();
        List<SliverBatch.Entry> owned = slivers.owned();
        int foreignPair = slivers.foreignPair();
        assertTrue(node.sliverBatchBodyLimit(id()) >= SliverBatch.encode(owned).length);

        // One sliver that does not verify spoils the batch: nothing of it is stored.
        List<SliverBatch.Entry> spoiled = new ArrayList<>(owned);
        SliverBatch.Entry last = spoiled.remove(spoiled.size() - 1);
        byte[] data = last.sliver().data().clone();
        data[0] ^= 1;
        spoiled.add(new SliverBatch.Entry(last.pair(), new io.floe.protocol.encoding.Sliver(last.sliver().type(),
                last.sliver().index(), last.sliver().symbolSize(), data)));
        NodeApiException refused = assertApiError(400, ErrorReason.INVALID_SLIVER,
                () -> node.storeSlivers(id(), SliverBatch.encode(spoiled)));
        assertTrue(refused.getMessage().contains("pair " + last.pair()), refused.getMessage());
        assertEquals(owned.size() / 2, node.missingSlivers(id(), true).size() / 2, "nothing was stored");

        int foreign = foreignPair;
        assertApiError(400, ErrorReason.SHARD_NOT_ASSIGNED, () -> node.storeSlivers(id(), SliverBatch.encode(
                List.of(new SliverBatch.Entry(foreign, blob.sliverPair(foreign).primary())))));
        assertApiError(400, ErrorReason.INVALID_BCS, () -> node.storeSlivers(id(), new byte[] {5, 0}));
        byte[] twice = SliverBatch.encode(List.of(owned.get(0), owned.get(0)));
        assertApiError(400, ErrorReason.INVALID_BCS, () -> node.storeSlivers(id(), twice));

        assertEquals(StoreOutcome.CREATED, node.storeSlivers(id(), SliverBatch.encode(owned)));
        assertEquals(List.of(), node.missingSlivers(id(), true));
        assertEquals(owned.get(0).sliver(), node.readSliver(id(), owned.get(0).pair(), owned.get(0).sliver().type()));
    }

    @Test
    void sliversEncodedHereGetEveryCheckButTheMerkleHashAndAreStoredAsAVerifiedBatchWouldBe() {
        StorageService node = services.get(0);
        NodeSlivers slivers = sliversOfNode0();
        List<SliverBatch.Entry> owned = slivers.owned();
        int foreignPair = slivers.foreignPair();
        assertTrue(owned.size() >= 4, "node-0 owns at least two pairs of this blob: " + owned);

        assertApiError(400, ErrorReason.NOT_REGISTERED, () -> node.storeSliversEncodedHere(id(), owned));
        node.register(id(), permanent());
        assertApiError(400, ErrorReason.METADATA_NOT_FOUND, () -> node.storeSliversEncodedHere(id(), owned));
        node.storeMetadata(id(), blob.metadata());

        List<SliverBatch.Entry> withForeign = new ArrayList<>(owned);
        withForeign.add(new SliverBatch.Entry(foreignPair, blob.sliverPair(foreignPair).primary()));
        assertApiError(400, ErrorReason.SHARD_NOT_ASSIGNED, () -> node.storeSliversEncodedHere(id(), withForeign));
        assertApiError(400, ErrorReason.INDEX_OUT_OF_RANGE, () -> node.storeSliversEncodedHere(id(),
                List.of(new SliverBatch.Entry(SHARDS, blob.sliverPair(0).primary()))));
        SliverBatch.Entry first = owned.get(0);
        Sliver otherPairs = blob.sliverPair(first.pair() == 0 ? 1 : 0).primary();
        List<SliverBatch.Entry> wrongIndex = new ArrayList<>(owned);
        wrongIndex.set(0, new SliverBatch.Entry(first.pair(), otherPairs));
        assertApiError(400, ErrorReason.INVALID_SLIVER, () -> node.storeSliversEncodedHere(id(), wrongIndex));
        Sliver primary = first.sliver();
        byte[] shortData = Arrays.copyOf(primary.data(), primary.data().length - primary.symbolSize());
        List<SliverBatch.Entry> tooShort = new ArrayList<>(owned);
        tooShort.set(0, new SliverBatch.Entry(first.pair(),
                new Sliver(primary.type(), primary.index(), primary.symbolSize(), shortData)));
        NodeApiException shape = assertApiError(400, ErrorReason.INVALID_SLIVER,
                () -> node.storeSliversEncodedHere(id(), tooShort));
        assertTrue(shape.getMessage().contains("bytes; expected"), shape.getMessage());
        assertEquals(owned.size(), node.missingSlivers(id(), false).size(), "no refused batch stored anything");

        // The same slivers as a verified batch upload stores on a twin of node-0, byte for byte.
        InMemoryNodeStorage twinStorage = new InMemoryNodeStorage();
        storages.add(twinStorage);
        StorageService twin = new StorageService(twinStorage,
                new StaticCommitteeView("node-0", keys.get(0), committee));
        twin.register(id(), permanent());
        twin.storeMetadata(id(), blob.metadata());
        assertEquals(StoreOutcome.CREATED, twin.storeSlivers(id(), SliverBatch.encode(owned)));
        assertEquals(StoreOutcome.CREATED, node.storeSliversEncodedHere(id(), owned));
        for (SliverBatch.Entry entry : owned) {
            int shard = EncodingConfig.forShards(SHARDS).shardOfPair(entry.pair(), id());
            Sliver stored = storages.get(0).slivers().get(shard, id(), entry.sliver().type()).orElseThrow();
            Sliver verified = twinStorage.slivers().get(shard, id(), entry.sliver().type()).orElseThrow();
            assertEquals(verified.index(), stored.index());
            assertEquals(verified.symbolSize(), stored.symbolSize());
            assertArrayEquals(verified.data(), stored.data(),
                    "pair " + entry.pair() + " " + entry.sliver().type());
        }
        assertEquals(List.of(), node.missingSlivers(id(), true));
        assertEquals(keys.get(0).publicKey(), node.confirm(id(), BlobPersistence.permanent()).signer());

        // What it skips is the hash: a sliver of the right shape but wrong bytes is taken, which is why only the
        // node's own encoder may call it; a verified upload refuses it.
        byte[] flipped = primary.data().clone();
        flipped[0] ^= 1;
        List<SliverBatch.Entry> corrupt = List.of(new SliverBatch.Entry(first.pair(),
                new Sliver(primary.type(), primary.index(), primary.symbolSize(), flipped)));
        assertApiError(400, ErrorReason.INVALID_SLIVER, () -> twin.storeSlivers(id(), SliverBatch.encode(corrupt)));
        assertEquals(StoreOutcome.CREATED, node.storeSliversEncodedHere(id(), corrupt));
        int shard = EncodingConfig.forShards(SHARDS).shardOfPair(first.pair(), id());
        assertArrayEquals(flipped,
                storages.get(0).slivers().get(shard, id(), primary.type()).orElseThrow().data());
    }

    @Test
    void registrationIsIdempotentExtendsAndRefusesAConflict() {
        StorageService node = services.get(0);
        assertEquals(StoreOutcome.CREATED, node.register(id(), permanent()));
        assertEquals(StoreOutcome.UNCHANGED, node.register(id(), permanent()));
        assertEquals(StoreOutcome.CREATED, node.register(id(), new BlobRegistration(blob.length(), 9,
                BlobPersistence.permanent())));
        assertEquals(9, storages.get(0).blobInfo().get(id()).orElseThrow().endEpoch());

        assertApiError(400, ErrorReason.REGISTRATION_CONFLICT, () -> node.register(id(),
                new BlobRegistration(blob.length() + 1, 5, BlobPersistence.permanent())));
        assertApiError(400, ErrorReason.REGISTRATION_CONFLICT, () -> node.register(id(),
                new BlobRegistration(blob.length(), 5, BlobPersistence.deletable(new byte[32]))));
        assertApiError(400, ErrorReason.INVALID_REQUEST, () -> node.register(id(),
                new BlobRegistration(blob.length(), 1, BlobPersistence.permanent())));
    }

    @Test
    void metadataMustHashToTheIdAndMatchTheRegistration() {
        StorageService node = services.get(0);
        assertApiError(400, ErrorReason.NOT_REGISTERED, () -> node.storeMetadata(id(), blob.metadata().toBcs()));
        node.register(id(), permanent());
        assertApiError(400, ErrorReason.INVALID_BCS, () -> node.storeMetadata(id(), new byte[] {0, 1, 2}));
        BlobId other = BlobId.of(new byte[32]);
        assertApiError(400, ErrorReason.INVALID_METADATA, () -> node.storeMetadata(other, blob.metadata().toBcs()));
        assertFalse(storages.get(0).metadata().has(id()));

        assertEquals(StoreOutcome.CREATED, node.storeMetadata(id(), blob.metadata().toBcs()));
        assertEquals(StoreOutcome.UNCHANGED, node.storeMetadata(id(), blob.metadata().toBcs()));
        assertEquals(blob.metadata(), node.readMetadata(id()).metadata());
    }

    @Test
    void slivers_goOnlyToTheirShardAndMustVerify() {
        registerEverywhere();
        int pair = 0;
        StorageService owner = services.get(ownerOf(pair));
        StorageService stranger = services.get((ownerOf(pair) + 1) % 4);
        Sliver primary = blob.sliverPair(pair).primary();

        assertApiError(400, ErrorReason.SHARD_NOT_ASSIGNED, () -> stranger.storeSliver(id(), pair, primary));
        assertApiError(400, ErrorReason.INDEX_OUT_OF_RANGE, () -> owner.storeSliver(id(), SHARDS, primary));
        assertApiError(400, ErrorReason.INVALID_BCS,
                () -> owner.storeSliver(id(), pair, SliverType.PRIMARY, new byte[] {1}));
        byte[] tampered = primary.data().clone();
        tampered[0] ^= 1;
        assertApiError(400, ErrorReason.INVALID_SLIVER, () -> owner.storeSliver(id(), pair,
                new Sliver(SliverType.PRIMARY, pair, primary.symbolSize(), tampered)));
        assertApiError(400, ErrorReason.INVALID_SLIVER, () -> owner.storeSliver(id(), pair,
                blob.sliverPair(pair + 1).primary()));
        assertApiError(404, ErrorReason.SLIVER_NOT_FOUND, () -> owner.readSliver(id(), pair, SliverType.PRIMARY));

        assertEquals(StoreOutcome.CREATED, owner.storeSliver(id(), pair, SliverType.PRIMARY, primary.toBcs()));
        assertEquals(StoreOutcome.UNCHANGED, owner.storeSliver(id(), pair, primary));
        assertEquals(primary, owner.readSliver(id(), pair, SliverType.PRIMARY));
    }

    @Test
    void confirmationNeedsEverySliverAndTheRegisteredPersistence() {
        registerEverywhere();
        StorageService node = services.get(0);
        assertApiError(400, ErrorReason.MISSING_SLIVERS, () -> node.confirm(id(), BlobPersistence.permanent()));
        storeEverywhere();
        assertApiError(400, ErrorReason.NOT_REGISTERED,
                () -> node.confirm(id(), BlobPersistence.deletable(new byte[32])));

        long flushesBefore = storages.get(0).flushes();
        SignedStorageConfirmation confirmation = node.confirm(id(), BlobPersistence.permanent());
        assertTrue(confirmation.verify(id(), 1, BlobPersistence.permanent()));
        assertEquals(keys.get(0).publicKey(), confirmation.signer());
        assertEquals(flushesBefore + 1, storages.get(0).flushes(), "the node makes its slivers durable before it signs");
    }

    @Test
    void aSliverBatchSignsTheConfirmationOnlyWhenItCompletesTheNodesShards() {
        registerEverywhere();
        StorageService node = services.get(0);
        List<SliverBatch.Entry> owned = sliversOfNode0().owned();
        assertTrue(owned.size() >= 4, "node-0 owns at least two pairs of this blob: " + owned);
        Optional<BlobPersistence> confirm = Optional.of(BlobPersistence.permanent());

        // The first pair alone, then the rest: only the batch that leaves nothing missing is answered with a
        // confirmation, and it counts the slivers of the earlier batch, which it looks up.
        StorageService.SliverBatchResult first = node.storeSlivers(id(), SliverBatch.encode(owned.subList(0, 2)),
                confirm);
        assertEquals(StoreOutcome.CREATED, first.outcome());
        assertEquals(Optional.empty(), first.confirmation());
        StorageService.SliverBatchResult rest = node.storeSlivers(id(), SliverBatch.encode(owned.subList(2,
                owned.size() - 1)), confirm);
        assertEquals(Optional.empty(), rest.confirmation(), "one secondary sliver is still missing");
        StorageService.SliverBatchResult last = node.storeSlivers(id(), SliverBatch.encode(
                owned.subList(owned.size() - 1, owned.size())), confirm);
        SignedStorageConfirmation confirmation = last.confirmation().orElseThrow();
        assertTrue(confirmation.verify(id(), 1, BlobPersistence.permanent()));
        assertEquals(keys.get(0).publicKey(), confirmation.signer());
        assertEquals(Optional.empty(), node.storeSlivers(id(), SliverBatch.encode(owned),
                Optional.<BlobPersistence>of(BlobPersistence.deletable(new byte[32]))).confirmation(),
                "not the registered persistence");
        assertEquals(Optional.empty(), node.storeSlivers(id(), SliverBatch.encode(owned), Optional.empty())
                .confirmation());
    }

    @Test
    void aCertificateLooksUpTheSliversOfANodeThatDidNotConfirmAndAsksForRepair() {
        storeEverywhere();
        List<BlobId> repairs = new ArrayList<>();
        RepairListener recorder = new RepairListener() {
            @Override
            public void blobNeedsRepair(BlobId blobId) {
                repairs.add(blobId);
            }

            @Override
            public void certifiedBlobUnknown(Certificate certificate) {
            }
        };
        services.forEach(service -> service.setRepairListener(recorder));
        CertificateBuilder builder = new CertificateBuilder(committee, id(), BlobPersistence.permanent());
        for (int i = 0; i < 3; i++) {
            builder.add(services.get(i).confirm(id(), BlobPersistence.permanent()));
        }
        Certificate certificate = builder.build();
        // node-0 confirmed holding every sliver of its shards; node-3 did not, and has since lost a shard's slivers.
        int shard = EncodingConfig.forShards(SHARDS).shardOfPair(sliversOfNode3Pair(), id());
        storages.get(3).atomically(batch -> batch.deleteSlivers(shard, id()));

        assertEquals(StoreOutcome.CREATED, services.get(0).acceptCertificate(id(), certificate.toBcs()));
        assertEquals(List.of(), repairs);
        assertEquals(StoreOutcome.CREATED, services.get(3).acceptCertificate(id(), certificate.toBcs()));
        assertEquals(List.of(id()), repairs);
    }

    /** A pair whose shard node-3 owns. */
    private int sliversOfNode3Pair() {
        for (int pair = 0; pair < SHARDS; pair++) {
            if (ownerOf(pair) == 3) {
                return pair;
            }
        }
        throw new AssertionError("node-3 owns no shard");
    }

    @Test
    void certificateNeedsAQuorumAndIsPersisted() {
        storeEverywhere();
        Certificate tooLight = new Certificate(id(), 1, BlobPersistence.permanent(),
                new io.floe.protocol.crypto.StorageConfirmation(1, id(), BlobPersistence.permanent()).toBytes(),
                List.of(new Certificate.Signer(keys.get(0).publicKey(),
                        services.get(0).confirm(id(), BlobPersistence.permanent()).signature())));
        assertApiError(400, ErrorReason.INVALID_CERTIFICATE,
                () -> services.get(2).acceptCertificate(id(), tooLight.toBcs()));
        assertApiError(400, ErrorReason.INVALID_BCS, () -> services.get(2).acceptCertificate(id(), new byte[3]));
        assertEquals(BlobStatus.REGISTERED, storages.get(2).blobInfo().get(id()).orElseThrow().status());

        CertificateBuilder builder = new CertificateBuilder(committee, id(), BlobPersistence.permanent());
        for (StorageService service : services) {
            builder.add(service.confirm(id(), BlobPersistence.permanent()));
        }
        Certificate certificate = builder.build();
        assertEquals(StoreOutcome.CREATED, services.get(2).acceptCertificate(id(), certificate.toBcs()));
        assertEquals(StoreOutcome.UNCHANGED, services.get(2).acceptCertificate(id(), certificate.toBcs()));
        assertLifecycle("certified", services.get(2), id());
        assertEquals(certificate, services.get(2).certificate(id()));
        assertTrue(services.get(2).status(id()).complete());
    }

    @Test
    void symbolsFromOtherNodesRebuildALostSliver() {
        storeEverywhere();
        int pair = 3;
        int owner = ownerOf(pair);
        Sliver lost = blob.sliverPair(pair).primary();
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            if (i != owner) {
                symbols.addAll(services.get(i).recoverySymbols(id(), lost.index(), SliverType.PRIMARY));
            }
        }
        SliverRecovery.Result result = SliverRecovery.recover(blob.metadata(), SliverType.PRIMARY, lost.index(),
                symbols);
        assertEquals(lost, ((SliverRecovery.Recovered) result).sliver());
        List<RecoverySymbol> decoded = RecoverySymbolsCodec.decode(RecoverySymbolsCodec.encode(symbols),
                SliverType.SECONDARY);
        assertEquals(symbols, decoded);
    }

    @Test
    void anInconsistencyProofMarksTheBlobInvalid() {
        // Metadata that lies about primary sliver 2: every other sliver is honest, so pair 2's primary is provably
        // not what the metadata says.
        List<SliverPairHashes> hashes = new ArrayList<>(blob.metadata().hashes());
        SliverPairHashes honest = hashes.get(2);
        byte[] forged = honest.primary().clone();
        forged[0] ^= 1;
        hashes.set(2, new SliverPairHashes(forged, honest.secondary()));
        BlobMetadata lying = new BlobMetadata(blob.length(), hashes);
        BlobId lyingId = lying.blobId();
        Function<Integer, Integer> ownerOfPair = pair -> Integer.parseInt(committee.memberOfShard(
                EncodingConfig.forShards(SHARDS).shardOfPair(pair, lyingId)).nodeId().substring(5));
        for (StorageService service : services) {
            service.register(lyingId, permanent());
            service.storeMetadata(lyingId, lying);
        }
        for (int pair = 0; pair < SHARDS; pair++) {
            StorageService owner = services.get(ownerOfPair.apply(pair));
            owner.storeSliver(lyingId, pair, blob.sliverPair(pair).secondary());
            if (pair != 2) {
                owner.storeSliver(lyingId, pair, blob.sliverPair(pair).primary());
            }
        }
        List<RecoverySymbol> symbols = new ArrayList<>();
        for (StorageService service : services) {
            symbols.addAll(service.recoverySymbols(lyingId, 2, SliverType.PRIMARY));
        }
        SliverRecovery.Inconsistent inconsistent = (SliverRecovery.Inconsistent) SliverRecovery.recover(lying,
                SliverType.PRIMARY, 2, symbols);

        assertApiError(400, ErrorReason.INVALID_BCS,
                () -> services.get(0).acceptInconsistencyProof(lyingId, SliverType.PRIMARY, new byte[] {9}));
        SignedMessage signed = services.get(0).acceptInconsistencyProof(lyingId, SliverType.PRIMARY,
                inconsistent.proof().toBcs());
        assertTrue(signed.verify(keys.get(0).publicKey()));
        assertEquals(new InvalidBlobIdMessage(1, lyingId), InvalidBlobIdMessage.decode(signed.serializedMessage()));
        assertLifecycle("invalid", services.get(0), lyingId);
        assertApiError(410, ErrorReason.BLOB_INVALID, () -> services.get(0).readMetadata(lyingId));

        // The honest blob's proof does not verify.
        storeEverywhere();
        assertApiError(400, ErrorReason.INVALID_PROOF, () -> services.get(1).acceptInconsistencyProof(id(),
                SliverType.PRIMARY, inconsistent.proof().toBcs()));
    }

    @Test
    void anExpiredBlobIsGone() {
        storeEverywhere();
        StaticCommitteeView later = new StaticCommitteeView("node-0", keys.get(0), new Committee(5,
                committee.members()));
        StorageService node = new StorageService(storages.get(0), later);

        assertLifecycle("expired", node, id());
        assertApiError(404, ErrorReason.BLOB_EXPIRED, () -> node.readMetadata(id()));
        assertApiError(404, ErrorReason.BLOB_EXPIRED, () -> node.readSliver(id(), 0, SliverType.PRIMARY));
        assertApiError(404, ErrorReason.BLOB_EXPIRED, () -> node.confirm(id(), BlobPersistence.permanent()));
        assertEquals(StoreOutcome.CREATED, node.register(id(), new BlobRegistration(blob.length(), 7,
                BlobPersistence.permanent())));
        assertLifecycle("registered", node, id());
    }

    @Test
    void deletionNeedsTheOwnersTokenAndLeavesADeletedRecord() {
        byte[] token = new byte[32];
        new Random(3).nextBytes(token);
        BlobRegistration deletable = new BlobRegistration(blob.length(), 5,
                BlobPersistence.deletable(DeletionToken.hash(token)));
        StorageService node = services.get(0);
        node.register(id(), deletable);
        node.storeMetadata(id(), blob.metadata());
        for (int pair = 0; pair < SHARDS; pair++) {
            if (ownerOf(pair) == 0) {
                node.storeSliver(id(), pair, blob.sliverPair(pair).primary());
            }
        }
        byte[] wrong = token.clone();
        wrong[0] ^= 1;

        assertApiError(403, ErrorReason.INVALID_TOKEN, () -> node.delete(id(), wrong));
        assertApiError(403, ErrorReason.INVALID_TOKEN, () -> node.delete(id(), new byte[5]));
        assertApiError(404, ErrorReason.BLOB_NOT_FOUND, () -> node.delete(BlobId.of(new byte[32]), token));
        assertEquals(StoreOutcome.CREATED, node.delete(id(), token));
        assertEquals(StoreOutcome.UNCHANGED, node.delete(id(), token));

        assertLifecycle("deleted", node, id());
        assertFalse(storages.get(0).metadata().has(id()));
        for (int shard = 0; shard < SHARDS; shard++) {
            assertFalse(storages.get(0).slivers().has(shard, id(), SliverType.PRIMARY));
        }
        assertApiError(404, ErrorReason.BLOB_DELETED, () -> node.readMetadata(id()));
        BlobListing.Entry listed = node.list(null, 10).blobs().get(0);
        assertEquals("deleted", listed.status());
        assertEquals(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token),
                listed.deletionToken().orElseThrow());

        StorageService other = services.get(1);
        other.register(id(), permanent());
        assertApiError(409, ErrorReason.BLOB_PERMANENT, () -> other.delete(id(), token));
    }

    @Test
    void extensionRaisesOnlyCertifiedBlobsWithinTheLimit() {
        storeEverywhere();
        StorageService node = services.get(1);
        assertApiError(400, ErrorReason.NOT_CERTIFIED, () -> node.extend(id(), 9));
        CertificateBuilder builder = new CertificateBuilder(committee, id(), BlobPersistence.permanent());
        services.forEach(service -> builder.add(service.confirm(id(), BlobPersistence.permanent())));
        node.acceptCertificate(id(), builder.build().toBcs());

        assertEquals(9, node.extend(id(), 9));
        assertEquals(9, node.extend(id(), 7));
        assertEquals(9, node.status(id()).endEpoch().getAsLong());
        assertLifecycle("certified", node, id());
        assertApiError(400, ErrorReason.EPOCHS_TOO_MANY, () -> node.extend(id(),
                1 + StorageService.DEFAULT_MAX_EPOCHS_AHEAD + 1));
        assertApiError(400, ErrorReason.EPOCHS_TOO_MANY, () -> node.register(BlobId.of(new byte[32]),
                new BlobRegistration(10, 1 + StorageService.DEFAULT_MAX_EPOCHS_AHEAD + 1,
                        BlobPersistence.permanent())));
    }

    @Test
    void garbageCollectionRemovesExpiredBlobsAndLeavesTombstones() {
        storeEverywhere();
        int owner = ownerOf(0);
        StaticCommitteeView view = new StaticCommitteeView("node-" + owner, keys.get(owner), committee);
        StorageService node = new StorageService(storages.get(owner), view);
        assertEquals(0, node.collectExpired(1, 2));

        view.setCommittee(new Committee(5, committee.members()));
        assertEquals(1, node.collectExpired(5, 2));

        assertFalse(storages.get(owner).blobInfo().get(id()).isPresent());
        assertFalse(storages.get(owner).metadata().has(id()));
        for (int shard = 0; shard < SHARDS; shard++) {
            assertFalse(storages.get(owner).slivers().has(shard, id(), SliverType.PRIMARY));
            assertFalse(storages.get(owner).slivers().has(shard, id(), SliverType.SECONDARY));
        }
        assertLifecycle("expired", node, id());
        assertApiError(404, ErrorReason.BLOB_EXPIRED, () -> node.readSliver(id(), 0, SliverType.PRIMARY));
        assertEquals(0, node.collectExpired(5, 2));
        assertEquals(StoreOutcome.CREATED, node.register(id(), new BlobRegistration(blob.length(), 8,
                BlobPersistence.permanent())));
        assertLifecycle("registered", node, id());
    }

    @Test
    void withoutACommitteeTheNodeIsNotReady() {
        StorageService lonely = new StorageService(new InMemoryNodeStorage(),
                new StaticCommitteeView("node-9", NodeKeyPair.generate()));
        assertApiError(503, ErrorReason.NOT_READY, () -> lonely.status(id()));
        assertApiError(503, ErrorReason.NOT_READY, () -> lonely.lifecycle(id()));
    }

    @Test
    void anUnknownBlobIsNonexistentWithoutAnEndEpoch() {
        assertLifecycle("nonexistent", services.get(0), id());
        assertTrue(services.get(0).lifecycle(id()).endEpoch().isEmpty());
    }

    /** The status says {@code expected}, and the lifecycle alone (no sliver looked up) says what the status says. */
    private static void assertLifecycle(String expected, StorageService node, BlobId blobId) {
        BlobStatusReport report = node.status(blobId);
        assertEquals(expected, report.status());
        assertEquals(new BlobLifecycleStatus(report.status(), report.endEpoch()), node.lifecycle(blobId));
    }
}
