package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe bench}: a client-side load generator that stores random blobs through the publishers, reads them back
 * through the aggregators, verifies the bytes and reports throughput and latency; it starts no actor system.
 *
 * <p>It speaks HTTP through the JDK's {@link HttpURLConnection}, which writes a request body from the caller's array
 * and reads a response into the caller's buffer on the calling thread: the load generator shares the cores with the
 * nodes it measures, and {@code java.net.http.HttpClient} hands every 16 KiB through its selector thread and a queue
 * (one 64 MiB blob read in 455–580 ms against 380–460, and the bench's CPU cut by half or more on this switch:
 * docs/bench/client-http.md).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = FloeCli.Version.class,
        // One element per paragraph: picocli wraps each to the terminal's width and starts the next on a new line.
        description = {
            "Stores COUNT random blobs of SIZE with C client threads, round-robin over the publishers, then reads"
                    + " each one back from the next publisher and checks its bytes.",
            "Prints for each phase (store, then read) MB/s (10^6 unencoded bytes per second of wall time),"
                    + " blobs/s and p50/p99 latency. Each phase stops after COUNT blobs or DURATION.",
            "With --warmup N, N other blobs of the same size are first stored and read back the same way, to warm"
                    + " up the nodes and the client; they are left out of the figures.",
            "Exits 0 only if every measured blob was stored and read back intact."
        })
public final class BenchCommand extends FloeCommand {
    /** Jackson is created on first use: picocli instantiates every command at start, and a mapper costs ~0.1 s. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Option(names = "--dir", paramLabel = "DIR",
            description = "A 'floe up' cluster directory: its cluster.json names the publishers.")
    Path dir;

    @Option(names = "--url", paramLabel = "URL", split = ",",
            description = "Publisher URL(s), e.g. http://127.0.0.11:9000 (repeatable or comma-separated).")
    List<String> urls;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1MiB",
            description = "Blob size, e.g. 1024, 64KiB, 1MiB (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100",
            description = "Number of blobs (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "1",
            description = "Client threads (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Epochs to store each blob for (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "120s",
            description = "Upper bound of each phase, e.g. 90s, 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Blobs to store and read back before measuring, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path outFile;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** One phase's figures: sizes in bytes, times in milliseconds, throughput in 10^6 bytes per second. */
    record Phase(int attempted, int ok, int failed, int mismatched, long bytes, double seconds, double mbPerSecond,
            double opsPerSecond, double p50Ms, double p99Ms, String firstError) {
    }

    /** The warm-up before the measured phases: blobs asked for, and how many were stored and read back intact. */
    record Warmup(int blobs, int stored, int read, String firstError) {
    }

    /** What {@code --json} prints. */
    record Report(long size, int count, int concurrency, int epochs, List<String> publishers, Warmup warmup,
            Phase store, Phase read) {
    }

    /** One blob's store outcome: its ID (null if the store failed) and SHA-256 of its bytes. */
    private record Stored(String blobId, byte[] digest) {
    }

    private record Outcome(boolean ok, boolean mismatched, long nanos, String error) {
    }

    @Override
    protected int run() {
        long blobSize = parseSize(size);
        Duration bound = parseDuration(duration);
        if (count < 1 || concurrency < 1 || epochs < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--count, --concurrency and --epochs must be at least 1");
        }
        if (warmup < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--warmup must be 0 or more, got " + warmup);
        }
        List<String> publishers = publishers();
        Warmup warmedUp = new Warmup(0, 0, 0, null);
        if (warmup > 0) {
            // Fresh random blobs, so that the measured stores are never answered "already certified".
            Stored[] warmupBlobs = new Stored[warmup];
            Phase store = runPhase(warmup, bound,
                    index -> store(publishers, (int) blobSize, index, bound, warmupBlobs));
            Phase read = runPhase(warmup, bound, index -> read(publishers, index, bound, warmupBlobs));
            warmedUp = new Warmup(warmup, store.ok(), read.ok(),
                    store.firstError() != null ? store.firstError() : read.firstError());
        }
        Stored[] stored = new Stored[count];
        Phase store = runPhase(count, bound, index -> store(publishers, (int) blobSize, index, bound, stored));
        Phase read = runPhase(count, bound, index -> read(publishers, index, bound, stored));
        Report report = new Report(blobSize, count, concurrency, epochs, publishers, warmedUp, store, read);
        String text = json ? toJson(report) : toText(report);
        out().println(text);
        if (outFile != null) {
            try {
                Files.writeString(outFile, text + System.lineSeparator());
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.FAILURE, "cannot write " + outFile + ": " + e.getMessage());
            }
        }
        boolean clean = store.ok() == count && read.ok() == count && read.mismatched() == 0;
        return clean ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private List<String> publishers() {
        List<String> publishers = new ArrayList<>();
        if (urls != null) {
            urls.stream().map(url -> url.replaceAll("/+$", "")).forEach(publishers::add);
        }
        if (dir != null) {
            Path clusterFile = dir.resolve("cluster.json");
            try {
                for (JsonNode node : Json.MAPPER.readTree(clusterFile.toFile()).path("nodes")) {
                    publishers.add(node.path("publisherUrl").asText());
                }
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.INPUT, "cannot read " + clusterFile + ": " + e.getMessage()
                        + "; start a cluster with 'floe up --dir " + dir + "' or pass --url");
            }
        }
        if (publishers.isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "no publisher to benchmark; pass --dir DIR or --url URL");
        }
        return publishers;
    }

    private interface Operation {
        Outcome run(int index) throws Exception;
    }

    /** Runs {@code operation} for blobs 0..blobs-1 on {@code concurrency} threads until done or {@code bound}. */
    private Phase runPhase(int blobs, Duration bound, Operation operation) {
        Outcome[] outcomes = new Outcome[blobs];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int thread = 0; thread < concurrency; thread++) {
                workers.add(threads.submit(() -> {
                    int index;
                    while (System.nanoTime() < deadline && (index = next.getAndIncrement()) < blobs) {
                        long invoked = System.nanoTime();
                        try {
                            outcomes[index] = operation.run(index);
                        } catch (Exception e) {
                            outcomes[index] = new Outcome(false, false, System.nanoTime() - invoked, e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark thread failed", e);
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summarize(outcomes, seconds);
    }

    private Phase summarize(Outcome[] outcomes, double seconds) {
        long blobSize = parseSize(size);
        int attempted = 0;
        int ok = 0;
        int mismatched = 0;
        String firstError = null;
        List<Long> latencies = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome == null) {
                continue;
            }
            attempted++;
            latencies.add(outcome.nanos());
            if (outcome.ok()) {
                ok++;
            } else if (firstError == null) {
                firstError = outcome.error();
            }
            if (outcome.mismatched()) {
                mismatched++;
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long bytes = ok * blobSize;
        return new Phase(attempted, ok, attempted - ok, mismatched, bytes, round(seconds, 3),
                round(seconds > 0 ? bytes / 1e6 / seconds : 0, 3), round(seconds > 0 ? ok / seconds : 0, 2),
                percentile(sorted, 50), percentile(sorted, 99),
                firstError);
    }

    private Outcome store(List<String> publishers, int blobSize, int index, Duration bound, Stored[] stored)
            throws Exception {
        byte[] blob = new byte[blobSize];
        new SplittableRandom(System.nanoTime() ^ ((long) index << 32)).nextBytes(blob);
        byte[] digest = sha256().digest(blob);
        String publisher = publishers.get(index % publishers.size());
        HttpURLConnection request = open(publisher + "/v1/blobs?epochs=" + epochs + "&permanent=true", bound);
        long invoked = System.nanoTime();
        request.setRequestMethod("PUT");
        request.setDoOutput(true);
        request.setFixedLengthStreamingMode(blob.length);
        try (OutputStream body = request.getOutputStream()) {
            body.write(blob);
        }
        int status = request.getResponseCode();
        String response = text(request, status);
        long nanos = System.nanoTime() - invoked;
        if (status != 200) {
            return new Outcome(false, false, nanos, status + " " + abbreviate(response));
        }
        JsonNode body = Json.MAPPER.readTree(response);
        String blobId = body.has("newlyCreated")
                ? body.path("newlyCreated").path("blobObject").path("blobId").asText(null)
                : body.path("alreadyCertified").path("blobId").asText(null);
        if (blobId == null) {
            return new Outcome(false, false, nanos, "200 without a blob ID: " + abbreviate(response));
        }
        stored[index] = new Stored(blobId, digest);
        return new Outcome(true, false, nanos, null);
    }

    private Outcome read(List<String> publishers, int index, Duration bound, Stored[] stored) throws Exception {
        Stored blob = stored[index];
        if (blob == null) {
            return new Outcome(false, false, 0, "not stored");
        }
        // Read from the next publisher, so that a blob is not read back through the node that stored it.
        String aggregator = publishers.get((index + 1) % publishers.size());
        HttpURLConnection request = open(aggregator + "/v1/blobs/" + blob.blobId(), bound);
        long invoked = System.nanoTime();
        int status = request.getResponseCode();
        if (status != 200) {
            String response = text(request, status);
            return new Outcome(false, false, System.nanoTime() - invoked, status + " reading " + blob.blobId()
                    + ": " + abbreviate(response));
        }
        MessageDigest digest = sha256();
        try (InputStream body = request.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        long nanos = System.nanoTime() - invoked;
        boolean matches = Arrays.equals(blob.digest(), digest.digest());
        return new Outcome(matches, !matches, nanos, matches ? null : "wrong bytes for " + blob.blobId());
    }

    /** A request to {@code url}, straight (no proxy), kept alive for the next one to the same node. */
    private static HttpURLConnection open(String url, Duration bound) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, bound.toMillis()));
        connection.setUseCaches(false);
        return connection;
    }

    /** The response body as text, read whole so that the connection can be reused. */
    private static String text(HttpURLConnection connection, int status) throws IOException {
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static double percentile(long[] sortedNanos, int percent) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1;
        return round(sortedNanos[Math.max(0, rank)] / 1e6, 2);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private long parseSize(String text) {
        try {
            long bytes = Sizes.parse(text);
            if (bytes > BlobFiles.MAX_IN_MEMORY) {
                throw new CommandFailure(ExitCodes.USAGE, "--size " + text + " is larger than the "
                        + Sizes.human(BlobFiles.MAX_IN_MEMORY) + " a benchmark blob can be");
            }
            return bytes;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid --size " + text + ": " + e.getMessage());
        }
    }

    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (value.startsWith("pt")) {
                parsed = Duration.parse(value);
            } else if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            } else {
                parsed = Duration.ofSeconds(Long.parseLong(value));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new CommandFailure(ExitCodes.USAGE, "--duration must be positive, got " + text);
            }
            return parsed;
        } catch (RuntimeException e) {
            if (e instanceof CommandFailure failure) {
                throw failure;
            }
            throw new CommandFailure(ExitCodes.USAGE, "invalid --duration " + text + "; pass e.g. 90s, 2m or 500ms");
        }
    }

    private static String toJson(Report report) {
        try {
            return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + report, e);
        }
    }

    private static String toText(Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%d blobs of %s, %d client(s), %d publisher(s)%n", report.count(),
                Sizes.describe(report.size()), report.concurrency(), report.publishers().size()));
        Warmup warmup = report.warmup();
        if (warmup.blobs() > 0) {
            text.append(String.format(Locale.ROOT, "warm-up: %d blobs first (%d stored, %d read back), not counted%n",
                    warmup.blobs(), warmup.stored(), warmup.read()));
            if (warmup.firstError() != null) {
                text.append("       first error: ").append(warmup.firstError()).append(System.lineSeparator());
            }
        }
        appendPhase(text, "store", report.store());
        appendPhase(text, "read", report.read());
        return text.toString().stripTrailing();
    }

    private static void appendPhase(StringBuilder text, String name, Phase phase) {
        text.append(String.format(Locale.ROOT, "%-5s  %d ok, %d failed, %d wrong bytes; %s in %.3f s = %.3f MB/s,"
                        + " %.2f blobs/s; latency p50 %.2f ms, p99 %.2f ms%n", name, phase.ok(), phase.failed(),
                phase.mismatched(), Sizes.human(phase.bytes()), phase.seconds(), phase.mbPerSecond(),
                phase.opsPerSecond(), phase.p50Ms(), phase.p99Ms()));
        if (phase.firstError() != null) {
            text.append("       first error: ").append(phase.firstError()).append(System.lineSeparator());
        }
    }
}
