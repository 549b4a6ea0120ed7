package io.floe.http;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTmpTest {
    @TempDir
    Path directory;

    @Test
    void profile() {
        int size = Integer.getInteger("psize", 1024);
        int count = Integer.getInteger("pcount", 30);
        try (LocalDataPlane plane = LocalDataPlane.start(directory, 4, 100)) {
            for (int warm = 0; warm < 5; warm++) {
                Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=2", DataPlaneRoundTripTest.randomBlob(size, 1000 + warm));
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                Http.Response r = Http.put(plane.node(1).publisherUrl() + "/v1/blobs?epochs=2", DataPlaneRoundTripTest.randomBlob(size, i));
                if (r.status() != 200) throw new AssertionError(r.toString());
                System.out.println("PROFILE store " + i + " " + (System.nanoTime() - t0) / 1e6 + " ms");
            }
            System.out.println("PROFILE total " + (System.nanoTime() - start) / 1e6 + " ms");
        }
    }
}
