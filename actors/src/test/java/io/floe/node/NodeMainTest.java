package io.floe.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** How {@link NodeMain} waits for an actor system to terminate: to the end, or up to a bound when it hangs. */
class NodeMainTest {
    private static final com.typesafe.config.Config LOCAL = ConfigFactory.parseString(
            "pekko.actor.provider = local\npekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
            .withFallback(ConfigFactory.load());

    @Test
    void aSystemThatTerminatesIsAwaitedToTheEnd() {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "node-main-test", LOCAL);
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterDowningReason());

        assertTrue(NodeMain.awaitTermination(system, Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertTrue(system.whenTerminated().isCompleted());
    }

    @Test
    void aSystemWhoseTerminationHangsIsGivenUpOnAfterTheLimit() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(context -> {
            context.spawn(Behaviors.<Void>setup(child -> {
                started.countDown();
                return Behaviors.receive(Void.class).onSignal(PostStop.class, signal -> {
                    release.await(60, TimeUnit.SECONDS);
                    return Behaviors.same();
                }).build();
            }), "stuck-in-post-stop");
            return Behaviors.empty();
        }), "node-main-test", LOCAL);
        try {
            // A shutdown that began before the guardian spawned the child would have nothing to hang on.
            assertTrue(started.await(30, TimeUnit.SECONDS), "the stuck actor started");
            CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterDowningReason());
            long start = System.nanoTime();

            assertFalse(NodeMain.awaitTermination(system, Duration.ofSeconds(1), Duration.ofSeconds(3)));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= Duration.ofSeconds(3).toNanos(), "gave up after " + waited + " ns");
            assertFalse(system.whenTerminated().isCompleted());
        } finally {
            release.countDown();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aThreadDumpNamesTheThreadsAndTheirFrames() {
        String dump = ThreadDump.of();

        assertTrue(dump.contains('"' + Thread.currentThread().getName() + "\" RUNNABLE"), dump);
        assertTrue(dump.contains("io.floe.node.ThreadDump.of(ThreadDump.java"), dump);
    }
}
