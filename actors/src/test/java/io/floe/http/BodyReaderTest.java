package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floe.storage.NodeApiException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A body is read whole within its limit, and handed on by the stream that read it, not by a thread of its own. */
class BodyReaderTest {
    private static ActorSystem system;
    private static Materializer materializer;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("BodyReaderTest");
        materializer = Materializer.createMaterializer(system);
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void chunkedBodyIsReadWholeOnTheStreamsThread() throws Exception {
        // The last chunk arrives only once the continuation is registered, so it runs where the body completes.
        CompletableFuture<Optional<ByteString>> last = new CompletableFuture<>();
        Source<ByteString, ?> chunks = Source.single(ByteString.fromArray(new byte[] {1, 2}))
                .concat(Source.<ByteString>maybe().mapMaterializedValue(promise -> {
                    last.thenAccept(promise::complete);
                    return promise;
                }));
        CompletionStage<byte[]> read = BodyReader.read(
                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, chunks), 100, materializer);
        CompletableFuture<String> thread = read.thenApply(bytes -> Thread.currentThread().getName())
                .toCompletableFuture();
        last.complete(Optional.of(ByteString.fromArray(new byte[] {3})));

        // Waiting on the body itself would let this thread run the continuation (CompletableFuture.get helps).
        String name = thread.get(20, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 2, 3}, read.toCompletableFuture().get(20, TimeUnit.SECONDS));
        // Scala's CompletionStage turns a plain thenApply into thenApplyAsync on the common pool: a thread per body
        // on two cores (named Thread-N), a common-pool worker on more.
        assertTrue(name.startsWith("BodyReaderTest-pekko."), "continued on " + name);
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeReading() {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> BodyReader.read(
                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, new byte[11]), 10, materializer)
                .toCompletableFuture().get(20, TimeUnit.SECONDS));
        NodeApiException error = (NodeApiException) failure.getCause();
        assertEquals(413, error.httpStatus());
    }
}
