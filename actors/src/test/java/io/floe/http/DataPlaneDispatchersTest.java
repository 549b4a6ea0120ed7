package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The data plane's dispatchers keep their threads between bursts of work instead of starting them anew. */
class DataPlaneDispatchersTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void threadsOutliveTwoSecondsWithoutWork() throws InterruptedException {
        for (String dispatcher : List.of(DataPlaneSettings.BLOCKING_DISPATCHER,
                DataPlaneSettings.PUBLISHER_DISPATCHER)) {
            Executor executor = testKit.system().dispatchers().lookup(DispatcherSelector.fromConfig(dispatcher));
            int threads = 4;
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            CountDownLatch allRunning = new CountDownLatch(threads);
            CountDownLatch done = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                executor.execute(() -> {
                    used.add(Thread.currentThread());
                    allRunning.countDown();
                    try {
                        allRunning.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS), dispatcher + " ran the tasks");
            assertEquals(threads, used.size(), dispatcher + " ran them on as many threads");

            // Pekko's default shuts an idle dispatcher's executor down after one second, and its threads end.
            await(dispatcher + "'s threads all alive for 2 s without work").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5)).until(() -> used.stream().allMatch(Thread::isAlive));
        }
    }
}
