package io.floe.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.protocol.BlobId;
import io.floe.storage.NodeApiException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher/aggregator API of a Floe cluster as the command line uses it: stores a file (streamed; a refused
 * upload is answered at once and the rest is not sent) and reads a blob into a file. Given several URLs it tries
 * the next one when a node does not answer; an answer, even an error, is final.
 *
 * <p>No {@code Expect: 100-continue}: JDK 17's client waits forever when the server answers with a final status
 * instead of 100, request timeout or not.
 */
public final class PublisherClient {
    private final List<String> urls;
    private final HttpClient http;
    private final Duration requestTimeout;

    public PublisherClient(List<String> urls, Duration connectTimeout, Duration requestTimeout) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one publisher URL is needed");
        }
        this.urls = List.copyOf(urls);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * Stores {@code file} for {@code epochs} epochs; returns the publisher's result object.
     *
     * @throws NodeApiException the publisher's error
     * @throws NodeUnreachableException when no URL answers
     */
    public JsonNode store(Path file, int epochs, boolean deletable) {
        return store(file, epochs, deletable, TransferProgress.NONE);
    }

    /** {@link #store(Path, int, boolean)}, telling {@code progress} how much of the file has been sent. */
    public JsonNode store(Path file, int epochs, boolean deletable, TransferProgress progress) {
        String query = "/v1/blobs?epochs=" + epochs + (deletable ? "&deletable=true" : "&permanent=true");
        return NodeApiJson.read(withFailover(url -> {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(url + query)).timeout(requestTimeout)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(counting(HttpRequest.BodyPublishers.ofFile(file), progress)).build();
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw NodeApiJson.parseError(response.statusCode(), response.body(), url);
            }
            return response.body();
        }));
    }

    /**
     * Reads blob {@code blobId} into {@code target}, replacing it only once every byte has arrived.
     *
     * @throws NodeApiException the aggregator's error
     * @throws NodeUnreachableException when no URL answers
     */
    public void read(BlobId blobId, Path target) {
        read(blobId, target, TransferProgress.NONE);
    }

    /** {@link #read(BlobId, Path)}, telling {@code progress} how much of the blob has arrived. */
    public void read(BlobId blobId, Path target, TransferProgress progress) {
        Path directory = target.toAbsolutePath().getParent();
        withFailover(url -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/blobs/" + blobId))
                    .timeout(requestTimeout).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 300) {
                    throw NodeApiJson.parseError(response.statusCode(), body.readNBytes(64 * 1024), url);
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                Path partial = Files.createTempFile(directory, ".floe-read-", ".part");
                try {
                    copy(body, partial, total, progress);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return null;
        });
    }

    /**
     * Deletes a deletable blob with its owner's token; returns the publisher's result ({@code {"deleted": ...}}).
     *
     * @throws NodeApiException the publisher's error (403 wrong token, 409 permanent blob, 404 unknown)
     */
    public JsonNode delete(BlobId blobId, String token) {
        return exchange(url -> HttpRequest.newBuilder(URI.create(url + "/v1/blobs/" + blobId))
                .timeout(requestTimeout).header("Authorization", "Bearer " + token).DELETE().build());
    }

    /** Extends a certified blob by {@code epochs} epochs; returns {@code {"extended": {..., "endEpoch"}}}. */
    public JsonNode extend(BlobId blobId, int epochs) {
        return exchange(url -> HttpRequest.newBuilder(URI.create(url + "/v1/blobs/" + blobId + "/extend?epochs="
                + epochs)).timeout(requestTimeout).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** One page of the blobs a node records: {@code {"blobs": [...], "next": ...}}. */
    public JsonNode list(BlobId after, int limit) {
        return exchange(url -> HttpRequest.newBuilder(URI.create(url + "/v1/blobs?limit=" + limit
                + (after == null ? "" : "&after=" + after))).timeout(requestTimeout).GET().build());
    }

    private JsonNode exchange(java.util.function.Function<String, HttpRequest> request) {
        return NodeApiJson.read(withFailover(url -> {
            HttpResponse<byte[]> response = http.send(request.apply(url), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw NodeApiJson.parseError(response.statusCode(), response.body(), url);
            }
            return response.body();
        }));
    }

    private static void copy(InputStream body, Path target, long total, TransferProgress progress)
            throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long done = 0;
        progress.update(0, total);
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write(buffer, 0, read);
                done += read;
                progress.update(done, total);
            }
        }
    }

    /** {@code body}, counting the bytes the HTTP client takes from it (a retry on another URL starts again at 0). */
    private static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher body, TransferProgress progress) {
        long total = body.contentLength();
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return total;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                AtomicLong sent = new AtomicLong();
                progress.update(0, total);
                body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        long done = sent.addAndGet(item.remaining());
                        subscriber.onNext(item);
                        progress.update(done, total);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    /** One attempt against one URL. */
    private interface Attempt<T> {
        T run(String url) throws IOException, InterruptedException;
    }

    private <T> T withFailover(Attempt<T> attempt) {
        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            try {
                return attempt.run(url);
            } catch (UncheckedIOException e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof java.nio.file.FileSystemException) {
                    throw new UncheckedIOException(e);
                }
                failures.add(url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnreachableException("interrupted while calling " + url, e);
            }
        }
        throw new NodeUnreachableException("no publisher answered: " + String.join("; ", failures), null);
    }
}
