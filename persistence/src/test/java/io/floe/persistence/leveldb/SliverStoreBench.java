package io.floe.persistence.leveldb;

import io.floe.persistence.SliverStore;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Write and read throughput of the LevelDB sliver store for 64 KiB and 1 MiB slivers, with and without fsync and
 * with LevelDB's default and Floe's default memtable; not part of the test run.
 *
 * <p>Run after {@code mvn -pl persistence -am test-compile}:
 * {@code java -cp <test classpath> io.floe.persistence.leveldb.SliverStoreBench [work dir] [MiB per case]}. Prints a
 * table and writes it to {@code <work dir>/sliver-store-bench.txt}. "disk" is what the process wrote to the block
 * layer ({@code /proc/self/io}), relative to the sliver bytes: LevelDB's write amplification (log, flush, compaction).
 */
public final class SliverStoreBench {
    private static final int SHARDS = 8;

    private SliverStoreBench() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Paths.get(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        long mebibytesPerCase = args.length > 1 ? Long.parseLong(args[1]) : 512;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-8s %-5s %-8s %8s %10s %10s %8s %8s", "sliver", "sync", "memtable",
                "count", "write MB/s", "read MB/s", "disk", "on disk"));
        System.out.println(lines.get(0));
        for (int sliverBytes : new int[] {64 << 10, 1 << 20}) {
            for (boolean sync : new boolean[] {true, false}) {
                for (int memtable : new int[] {4 << 20, LevelDbSettings.DEFAULT_WRITE_BUFFER_BYTES}) {
                    int count = (int) ((mebibytesPerCase << 20) / sliverBytes);
                    String line = runCase(work.resolve("case"), sliverBytes, count, sync, memtable);
                    System.out.println(line);
                    lines.add(line);
                }
            }
        }
        lines.add("(" + mebibytesPerCase + " MiB of random slivers per case; " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version() + ")");
        Files.createDirectories(work);
        Files.write(work.resolve("sliver-store-bench.txt"), lines);
    }

    private static String runCase(Path directory, int sliverBytes, int count, boolean sync, int memtable)
            throws IOException {
        deleteRecursively(directory);
        LevelDbSettings settings = LevelDbSettings.defaults(directory).withSyncSlivers(sync)
                .withWriteBufferBytes(memtable);
        Random random = new Random(42);
        List<BlobId> blobIds = new ArrayList<>(count);
        byte[] data = new byte[sliverBytes];
        double writeSeconds;
        double readSeconds;
        long diskBytes;
        try (LevelDbNodeStorage storage = LevelDbNodeStorage.open(settings)) {
            SliverStore store = storage.slivers();
            long diskBefore = processWriteBytes();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[BlobId.LENGTH];
                random.nextBytes(id);
                random.nextBytes(data); // erasure-coded slivers do not compress
                BlobId blobId = BlobId.of(id);
                store.put(i % SHARDS, blobId, new Sliver(SliverType.PRIMARY, i % 1000, 2, data));
                blobIds.add(blobId);
            }
            writeSeconds = (System.nanoTime() - start) / 1e9;
            diskBytes = processWriteBytes() - diskBefore;

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            start = System.nanoTime();
            for (int i : order) {
                store.get(i % SHARDS, blobIds.get(i), SliverType.PRIMARY).orElseThrow();
            }
            readSeconds = (System.nanoTime() - start) / 1e9;
        }
        long onDisk = directorySize(directory);
        deleteRecursively(directory);
        double megabytes = (double) count * sliverBytes / 1e6;
        return String.format(Locale.ROOT, "%-8s %-5s %-8s %8d %10.1f %10.1f %7.2fx %7.2fx",
                sliverBytes >= 1 << 20 ? (sliverBytes >> 20) + " MiB" : (sliverBytes >> 10) + " KiB", sync,
                (memtable >> 20) + " MiB", count, megabytes / writeSeconds, megabytes / readSeconds,
                diskBytes / (megabytes * 1e6), onDisk / (megabytes * 1e6));
    }

    /** Bytes this process has caused to be written to storage, or -1 where {@code /proc/self/io} is missing. */
    private static long processWriteBytes() throws IOException {
        Path io = Paths.get("/proc/self/io");
        if (!Files.isReadable(io)) {
            return -1;
        }
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        return -1;
    }

    private static long directorySize(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
