package io.floe.protocol.encoding;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs independent pieces of encoding work on all cores; small jobs stay on the calling thread. */
final class Parallel {
    private Parallel() {
    }

    static void forEach(int count, IntConsumer body) {
        if (count <= 1 || Runtime.getRuntime().availableProcessors() == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else {
            IntStream.range(0, count).parallel().forEach(body);
        }
    }
}
