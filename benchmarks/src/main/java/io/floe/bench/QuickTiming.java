package io.floe.bench;

import io.floe.protocol.encoding.EncodingConfig;
import io.floe.protocol.encoding.ExpandedBlob;
import java.util.Random;

/** Times one cold encode plus metadata in a fresh JVM, as {@code floe blob-id} runs it: {@code QuickTiming N BYTES}. */
public final class QuickTiming {
    private QuickTiming() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        int n = Integer.parseInt(args[0]);
        int length = Integer.parseInt(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        byte[] blob = new byte[length];
        new Random(1).nextBytes(blob);
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            ExpandedBlob expanded = ExpandedBlob.encode(EncodingConfig.forShards(n), blob);
            long t1 = System.nanoTime();
            expanded.leafHashes();
            long t2 = System.nanoTime();
            String id = expanded.blobId().toString();
            long t3 = System.nanoTime();
            System.out.printf("n=%d len=%d encode %.0f ms, leaves %.0f ms, trees %.0f ms, total %.0f ms, since start %.0f ms %s%n",
                    n, length, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6, (t3 - start) / 1e6, id);
        }
    }
}
