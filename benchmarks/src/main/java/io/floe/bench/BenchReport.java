package io.floe.bench;

import io.floe.protocol.encoding.EncodingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link RedStuffBenchmark} and writes its figures as MB/s (of unencoded blob bytes) in a markdown table:
 * {@code java -cp benchmarks/target/benchmarks.jar io.floe.bench.BenchReport OUT.md [JMH options]}.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException, org.openjdk.jmh.runner.options.CommandLineOptionException {
        Path out = Path.of(args.length > 0 ? args[0] : "redstuff-bench.md");
        String[] jmhArgs = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[0];
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(jmhArgs))
                .include(RedStuffBenchmark.class.getSimpleName())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        StringBuilder table = new StringBuilder();
        table.append("Red Stuff throughput, ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append("\n\n")
                .append("| operation | n | blob | ms/op | MB/s |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            int shards = Integer.parseInt(result.getParams().getParam("shards"));
            long size = Long.parseLong(result.getParams().getParam("size"));
            long length = Math.min(size, EncodingConfig.forShards(shards).maxBlobSize());
            double millis = result.getPrimaryResult().getScore();
            double megabytesPerSecond = length / 1e6 / (millis / 1e3);
            table.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f ± %.2f | %.1f |%n", method, shards,
                    human(length), millis, result.getPrimaryResult().getScoreError(), megabytesPerSecond));
        }
        Files.writeString(out, table.toString());
        System.out.println(table);
    }

    private static String human(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.2f MiB", bytes / (double) (1 << 20)).replace(".00", "");
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0).replace(".0", "");
        }
        return bytes + " B";
    }
}
