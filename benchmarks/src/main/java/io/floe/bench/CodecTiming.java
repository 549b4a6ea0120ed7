package io.floe.bench;

import com.sun.management.ThreadMXBean;
import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import io.floe.protocol.encoding.SliverPair;
import io.floe.protocol.encoding.SliverVerifier;
import io.floe.protocol.metadata.BlobMetadata;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Steady-state cost of one blob on one thread, as a publisher and its storage nodes pay it: encode plus metadata and
 * blob ID, then the verification of all {@code 2n} slivers, and the bytes allocated on the way.
 * {@code CodecTiming N BYTES BLOBS}: five rounds of {@code BLOBS} blobs, one line per round (the first ones warm up).
 */
public final class CodecTiming {
    private static final int ROUNDS = 5;

    private CodecTiming() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int length = Integer.parseInt(args[1]);
        int blobs = Integer.parseInt(args[2]);
        byte[] blob = new byte[length];
        new Random(1).nextBytes(blob);
        EncodingConfig config = EncodingConfig.forShards(n);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < ROUNDS; round++) {
            long encodeNanos = 0;
            long verifyNanos = 0;
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            for (int b = 0; b < blobs; b++) {
                long t0 = System.nanoTime();
                ExpandedBlob expanded = ExpandedBlob.encode(config, blob);
                BlobMetadata metadata = expanded.metadata();
                expanded.blobId();
                long t1 = System.nanoTime();
                for (int pair = 0; pair < n; pair++) {
                    SliverPair slivers = expanded.sliverPair(pair);
                    SliverVerifier.verify(metadata, slivers.primary());
                    SliverVerifier.verify(metadata, slivers.secondary());
                }
                verifyNanos += System.nanoTime() - t1;
                encodeNanos += t1 - t0;
            }
            double allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            System.out.printf("n=%d len=%d encode+metadata %.2f ms, verify all %.2f ms, allocated %.1f MB per blob%n",
                    n, length, encodeNanos / 1e6 / blobs, verifyNanos / 1e6 / blobs, allocated / 1e6 / blobs);
        }
    }
}
