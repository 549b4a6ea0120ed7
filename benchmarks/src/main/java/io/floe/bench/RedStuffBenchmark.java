package io.floe.bench;

import io.floe.protocol.encoding.BlobDecoder;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.Sliver;
import io.floe.protocol.encoding.SliverPair;
import io.floe.protocol.metadata.BlobMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Red Stuff throughput: encoding with metadata and all sliver pairs, metadata alone, and decoding a blob from
 * {@code p} primary slivers none of which is systematic (the most work a read can need). Every operation uses both
 * cores, as the encoder does in the node and the CLI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
public class RedStuffBenchmark {
    @Param({"10", "100", "1000"})
    public int shards;

    @Param({"1024", "1048576", "67108864"})
    public int size;

    private EncodingConfig config;
    private byte[] blob;
    private BlobMetadata metadata;
    private List<Sliver> nonSystematicPrimary;

    @Setup(Level.Trial)
    public void setUp() {
        config = EncodingConfig.forShards(shards);
        int length = (int) Math.min(size, config.maxBlobSize());
        blob = new byte[length];
        new Random(42).nextBytes(blob);
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        metadata = expanded.metadata();
        nonSystematicPrimary = new ArrayList<>();
        int p = config.primarySourceSymbols();
        for (int i = shards - p; i < shards; i++) {
            nonSystematicPrimary.add(expanded.primarySliver(i));
        }
    }

    /** The blob's length in this trial: the requested size, or the committee's maximum if smaller. */
    public int blobLength() {
        return blob.length;
    }

    @Benchmark
    public void encodeWithMetadata(Blackhole sink) {
        ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
        sink.consume(expanded.metadata());
        for (int pair = 0; pair < shards; pair++) {
            SliverPair sliverPair = expanded.sliverPair(pair);
            sink.consume(sliverPair);
        }
    }

    @Benchmark
    public BlobMetadata metadataOnly() {
        return ExpandedBlob.encode(config, blob).metadata();
    }

    @Benchmark
    public byte[] decode() {
        return BlobDecoder.decodeFromPrimary(metadata, nonSystematicPrimary, true);
    }
}
