package io.floe.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds a {@link Route} on a host and port and unbinds it when the actor system shuts down. */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** How long open requests may finish when the system shuts down. */
    private static final Duration HARD_TERMINATION_DEADLINE = Duration.ofSeconds(5);

    private HttpServer() {
    }

    /**
     * Binds {@code route} on {@code host:port} (port 0 picks a free one; the binding says which), registered with
     * CoordinatedShutdown.
     */
    public static CompletionStage<ServerBinding> bind(ClassicActorSystemProvider system, String name, String host,
            int port, Route route) {
        return Http.get(system.classicSystem()).newServerAt(host, port).bind(route).thenApply(binding -> {
            binding.addToCoordinatedShutdown(HARD_TERMINATION_DEADLINE, system);
            log.info("http server bound name={} address={}", name, binding.localAddress());
            return binding;
        });
    }
}
