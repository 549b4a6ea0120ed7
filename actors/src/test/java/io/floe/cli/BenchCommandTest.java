package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.LocalDataPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe bench} against four in-JVM data-plane nodes: warm-up blobs first and left out of the figures, then every
 * blob stored and read back, figures in the JSON and the text.
 */
class BenchCommandTest {
    private static final int COUNT = 6;
    private static final int WARMUP = 2;

    @TempDir
    Path dir;

    @Test
    void storesAndReadsEveryBlobAndReportsThroughputAndLatency() throws Exception {
        try (LocalDataPlane plane = LocalDataPlane.start(dir.resolve("nodes"), 4, 10)) {
            String urls = plane.nodes().stream().map(LocalDataPlane.Node::publisherUrl)
                    .collect(Collectors.joining(","));
            Path report = dir.resolve("report.json");
            CliRun run = CliRun.of("bench", "--url", urls, "--size", "4KiB", "--count", Integer.toString(COUNT),
                    "--warmup", Integer.toString(WARMUP), "--concurrency", "2", "--duration", "60s", "--json",
                    "--out", report.toString());

            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals(4096, json.path("size").asLong());
            assertEquals(COUNT, json.path("count").asInt());
            assertEquals(4, json.path("publishers").size());
            JsonNode warmup = json.path("warmup");
            assertEquals(WARMUP, warmup.path("blobs").asInt(), warmup.toString());
            assertEquals(WARMUP, warmup.path("stored").asInt(), warmup.toString());
            assertEquals(WARMUP, warmup.path("read").asInt(), warmup.toString());
            assertEquals(COUNT + WARMUP, storedByPublishers(plane), "the warm-up blobs were stored too");
            for (String phase : new String[] {"store", "read"}) {
                JsonNode figures = json.path(phase);
                assertEquals(COUNT, figures.path("attempted").asInt(), phase + ": " + figures);
                assertEquals(COUNT, figures.path("ok").asInt(), phase + ": " + figures);
                assertEquals(0, figures.path("failed").asInt(), phase + ": " + figures);
                assertEquals(0, figures.path("mismatched").asInt(), phase + ": " + figures);
                assertEquals(COUNT * 4096L, figures.path("bytes").asLong(), phase + ": " + figures);
                for (String field : new String[] {"seconds", "mbPerSecond", "opsPerSecond", "p50Ms", "p99Ms"}) {
                    assertTrue(figures.path(field).isNumber(), phase + "." + field + " missing: " + figures);
                }
                assertTrue(figures.path("p99Ms").asDouble() >= figures.path("p50Ms").asDouble(), figures.toString());
            }
            assertEquals(json, new ObjectMapper().readTree(Files.readString(report)));

            CliRun text = CliRun.of("bench", "--url", urls, "--size", "1KiB", "--count", "1", "--warmup", "3");
            assertEquals(ExitCodes.OK, text.exitCode(), text.out() + text.err());
            assertTrue(text.out().contains("warm-up: 3 blobs first (3 stored, 3 read back), not counted"), text.out());
            assertTrue(text.out().contains("store  1 ok, 0 failed"), text.out());
            CliRun none = CliRun.of("bench", "--url", urls, "--size", "1KiB", "--count", "1", "--json");
            assertEquals(0, new ObjectMapper().readTree(none.out()).path("warmup").path("blobs").asInt(), none.out());
            assertEquals(COUNT + WARMUP + 1 + 3 + 1, storedByPublishers(plane));
        }
    }

    /** Blobs the publishers of all nodes stored, from their metrics. */
    private static long storedByPublishers(LocalDataPlane plane) {
        return plane.nodes().stream().mapToLong(node -> node.dataPlane().metrics().totals().blobsStored()).sum();
    }

    @Test
    void helpReadsWellAndWarmupMustNotBeNegative() {
        CliRun help = CliRun.of("bench", "--help");
        assertEquals(ExitCodes.OK, help.exitCode());
        assertTrue(help.out().contains("Print the report as JSON."), help.out());
        assertTrue(help.out().contains("--warmup=N"), help.out());
        // The description is wrapped, not broken: a line that does not end a sentence is full (the next word would
        // not fit in the 79 columns picocli fills of its 80).
        String usage = help.out();
        List<String> lines = usage.substring(usage.indexOf("Stores COUNT"), usage.indexOf("      --")).lines()
                .toList();
        assertTrue(lines.size() >= 4, usage);
        for (int i = 0; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            String nextWord = lines.get(i + 1).strip().split(" ")[0];
            assertTrue(line.endsWith(".") || line.length() + 1 + nextWord.length() > 79,
                    "line " + i + " breaks early: '" + line + "'\n" + usage);
        }

        CliRun negative = CliRun.of("bench", "--url", "http://127.0.0.1:1", "--warmup", "-1");
        assertEquals(ExitCodes.USAGE, negative.exitCode());
        assertTrue(negative.err().contains("--warmup must be 0 or more"), negative.err());
    }

    @Test
    void refusesToRunWithoutPublishersOrWithABadSize() {
        assertEquals(ExitCodes.USAGE, CliRun.of("bench").exitCode());
        CliRun badSize = CliRun.of("bench", "--url", "http://127.0.0.1:1", "--size", "3 parsecs");
        assertEquals(ExitCodes.USAGE, badSize.exitCode());
        assertTrue(badSize.err().contains("invalid --size"), badSize.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--url", "http://127.0.0.1:1", "--duration", "soon")
                .exitCode());
    }
}
