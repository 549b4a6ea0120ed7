package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.http.LocalDataPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe bench} against four in-JVM data-plane nodes: every blob stored and read back, figures in the JSON. */
class BenchCommandTest {
    private static final int COUNT = 6;

    @TempDir
    Path dir;

    @Test
    void storesAndReadsEveryBlobAndReportsThroughputAndLatency() throws Exception {
        try (LocalDataPlane plane = LocalDataPlane.start(dir.resolve("nodes"), 4, 10)) {
            String urls = plane.nodes().stream().map(LocalDataPlane.Node::publisherUrl)
                    .collect(Collectors.joining(","));
            Path report = dir.resolve("report.json");
            CliRun run = CliRun.of("bench", "--url", urls, "--size", "4KiB", "--count", Integer.toString(COUNT),
                    "--concurrency", "2", "--duration", "60s", "--json", "--out", report.toString());

            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals(4096, json.path("size").asLong());
            assertEquals(COUNT, json.path("count").asInt());
            assertEquals(4, json.path("publishers").size());
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
        }
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
