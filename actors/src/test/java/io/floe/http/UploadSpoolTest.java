package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small uploads stay in memory within the budget; the rest go to a file that closing the upload deletes. */
class UploadSpoolTest {
    private static ActorSystem system;
    private static Materializer materializer;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("UploadSpoolTest");
        materializer = Materializer.createMaterializer(system);
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private Upload receive(UploadSpool spool, HttpEntity entity) throws Exception {
        return spool.receive(entity, 1 << 20, materializer).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static HttpEntity known(byte[] bytes) {
        return HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, bytes);
    }

    @Test
    void inMemoryUploadsStayWithinTheBudgetAndTheRestIsSpooled() throws Exception {
        UploadSpool spool = new UploadSpool(directory, 1000, 1400, ForkJoinPool.commonPool());
        byte[] first = new byte[800];
        byte[] second = new byte[700];
        second[3] = 9;

        Upload held = receive(spool, known(first));
        assertInstanceOf(Upload.InMemory.class, held);
        assertEquals(800, spool.bytesInMemory());

        Upload overBudget = receive(spool, known(second));
        Upload.Spooled spooled = assertInstanceOf(Upload.Spooled.class, overBudget);
        assertEquals(700, spooled.length());
        assertArrayEquals(second, Files.readAllBytes(spooled.file()));
        overBudget.close();
        assertFalse(Files.exists(spooled.file()), "closing a spooled upload deletes its file");

        held.close();
        held.close();
        assertEquals(0, spool.bytesInMemory(), "closing twice returns the bytes once");
        assertInstanceOf(Upload.InMemory.class, receive(spool, known(second)));
    }

    @Test
    void largeAndUnknownLengthUploadsAreSpooled() throws Exception {
        UploadSpool spool = new UploadSpool(directory, 1000, 1000, ForkJoinPool.commonPool());
        byte[] large = new byte[5000];
        large[4999] = 1;
        try (Upload upload = receive(spool, known(large))) {
            assertArrayEquals(large, Files.readAllBytes(assertInstanceOf(Upload.Spooled.class, upload).file()));
        }
        HttpEntity chunked = HttpEntities.createChunked(ContentTypes.APPLICATION_OCTET_STREAM,
                Source.single(ByteString.fromArray(new byte[10])));
        try (Upload upload = receive(spool, chunked)) {
            assertTrue(upload instanceof Upload.Spooled, "unknown length is spooled");
            assertEquals(10, upload.length());
        }
        try (var left = Files.list(directory)) {
            assertEquals(0, left.count());
        }
    }
}
