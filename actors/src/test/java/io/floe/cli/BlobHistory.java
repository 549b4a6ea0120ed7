package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recorded history of a fault scenario: every client operation (a store, a read, a CLI command) with its invocation
 * and completion on a monotonic clock and its outcome ({@code OK}, {@code FAIL}: definitely refused, {@code UNKNOWN}:
 * no answer, it may or may not have happened). Reads are checked as they complete: a read that returns bytes must
 * return exactly the bytes of the blob whose ID was asked for, whatever happened before. Thread-safe.
 */
final class BlobHistory {
    /** How a client operation ended. */
    enum Outcome { OK, FAIL, UNKNOWN }

    /** One client operation. {@code blob} is the stored content for stores, the bytes returned for reads. */
    record Operation(int index, String kind, String target, long invokedNanos, long completedNanos, Outcome outcome,
            String detail, String blobId, byte[] blob, String deletionToken) {
    }

    private final EncodingConfig config;
    private final long start = System.nanoTime();
    private final List<Operation> operations = new ArrayList<>();
    /** Every blob any store was invoked with, by ID: what a read of that ID may return. */
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

    BlobHistory(int shards) {
        this.config = EncodingConfig.forShards(shards);
    }

    /** The blob ID of {@code blob} under this cluster's encoding. */
    String blobId(byte[] blob) {
        return ExpandedBlob.encode(config, blob).blobId().toString();
    }

    /**
     * {@code PUT publisher/v1/blobs?query} with {@code blob}: {@code OK} only for a 200 that names the expected blob
     * ID, {@code FAIL} for any other answer, {@code UNKNOWN} when no answer came.
     */
    Operation store(String publisher, byte[] blob, String query) {
        String blobId = blobId(blob);
        contents.put(blobId, blob);
        long invoked = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(publisher + "/v1/blobs?" + query))
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build();
            HttpResponse<String> response = ProcessCluster.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long completed = System.nanoTime();
            if (response.statusCode() != 200) {
                return add("store", publisher, invoked, completed, Outcome.FAIL,
                        response.statusCode() + " " + response.body(), blobId, blob, null);
            }
            JsonNode body = ProcessCluster.JSON.readTree(response.body());
            String reported = body.has("newlyCreated")
                    ? body.path("newlyCreated").path("blobObject").path("blobId").asText()
                    : body.path("alreadyCertified").path("blobId").asText();
            assertEquals(blobId, reported, "the publisher reports another blob ID: " + response.body());
            String token = body.path("newlyCreated").path("deletionToken").asText(null);
            return add("store", publisher, invoked, completed, Outcome.OK, "200", blobId, blob, token);
        } catch (IOException e) {
            return add("store", publisher, invoked, System.nanoTime(), Outcome.UNKNOWN, e.toString(), blobId, blob,
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return add("store", publisher, invoked, System.nanoTime(), Outcome.UNKNOWN, e.toString(), blobId, blob,
                    null);
        }
    }

    /**
     * {@code GET aggregator/v1/blobs/{id}}; fails the test at once if it returns bytes other than the blob with that ID.
     * The operation's detail is the status and, for an error, the body.
     */
    Operation read(String aggregator, String blobId) {
        long invoked = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(aggregator + "/v1/blobs/" + blobId))
                    .timeout(Duration.ofSeconds(60)).GET().build();
            HttpResponse<byte[]> response = ProcessCluster.HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long completed = System.nanoTime();
            if (response.statusCode() == 200) {
                byte[] expected = contents.get(blobId);
                assertTrue(expected != null, "a read of " + blobId + ", never stored, returned bytes");
                assertArrayEquals(expected, response.body(), "a read of " + blobId + " from " + aggregator
                        + " returned other bytes");
                return add("read", aggregator, invoked, completed, Outcome.OK, "200", blobId, response.body(), null);
            }
            return add("read", aggregator, invoked, completed, Outcome.FAIL, response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8), blobId, null, null);
        } catch (IOException e) {
            return add("read", aggregator, invoked, System.nanoTime(), Outcome.UNKNOWN, e.toString(), blobId, null,
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return add("read", aggregator, invoked, System.nanoTime(), Outcome.UNKNOWN, e.toString(), blobId, null,
                    null);
        }
    }

    /** Records an operation made another way (a CLI command), with its exit code as the outcome. */
    Operation cli(String what, long invokedNanos, CliRun run) {
        return add("cli", what, invokedNanos, System.nanoTime(), run.exitCode() == ExitCodes.OK ? Outcome.OK
                : Outcome.FAIL, "exit " + run.exitCode() + " " + run.out().strip() + " " + run.err().strip(), null,
                null, null);
    }

    /** Asserts that {@code aggregator} reads {@code store}'s blob back byte-exact (200). */
    void assertReadsBack(String aggregator, Operation store) {
        Operation read = read(aggregator, store.blobId());
        assertEquals(Outcome.OK, read.outcome(), "acknowledged store #" + store.index() + " (" + store.blob().length
                + " bytes) read from " + aggregator + ": " + read.detail());
    }

    /** Asserts that {@code aggregator} answers 404 with {@code reason} (BLOB_EXPIRED, BLOB_DELETED) for the blob. */
    void assertGone(String aggregator, String blobId, String reason) {
        Operation read = read(aggregator, blobId);
        assertTrue(read.detail().startsWith("404 ") && read.detail().contains(reason), "a read of " + blobId
                + " from " + aggregator + " should be 404 " + reason + ", was: " + read.detail());
    }

    /** The stores acknowledged so far, in invocation order. */
    synchronized List<Operation> acknowledgedStores() {
        return operations.stream().filter(op -> op.kind().equals("store") && op.outcome() == Outcome.OK).toList();
    }

    /** Every store so far, in invocation order. */
    synchronized List<Operation> stores() {
        return operations.stream().filter(op -> op.kind().equals("store")).toList();
    }

    /** The history, one line per operation, times in ms since the history began. */
    synchronized String summary() {
        StringBuilder text = new StringBuilder();
        for (Operation op : operations) {
            text.append(String.format("%n  #%d %s %s %s invoke=%dms complete=%dms %s %s", op.index(), op.kind(),
                    op.target(), op.outcome(), (op.invokedNanos() - start) / 1_000_000,
                    (op.completedNanos() - start) / 1_000_000, op.blobId() == null ? "" : op.blobId(),
                    op.detail().length() > 200 ? op.detail().substring(0, 200) : op.detail()));
        }
        return text.toString();
    }

    private synchronized Operation add(String kind, String target, long invoked, long completed, Outcome outcome,
            String detail, String blobId, byte[] blob, String token) {
        Operation operation = new Operation(operations.size(), kind, target, invoked, completed, outcome, detail,
                blobId, blob, token);
        operations.add(operation);
        return operation;
    }
}
