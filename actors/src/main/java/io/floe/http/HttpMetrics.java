package io.floe.http;

import io.floe.metrics.FloeMetrics;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Wraps a (sealed) route tree so that every answered request counts in {@code floe_http_requests_seconds}, by API,
 * method, route template ({@link RouteTemplates}) and status.
 */
final class HttpMetrics {
    private HttpMetrics() {
    }

    /** {@code route}, measured as API {@code api}; {@code route} must be sealed so every request gets a response. */
    static Route instrument(FloeMetrics metrics, String api, Route route) {
        RouteTemplates templates = new RouteTemplates();
        return Directives.extractRequest(request -> {
            long started = System.nanoTime();
            String method = request.method().name();
            String template = templates.of(request.getUri().path());
            return Directives.mapResponse(response -> {
                metrics.httpRequest(api, method, template, response.status().intValue(),
                        System.nanoTime() - started);
                return response;
            }, () -> route);
        });
    }
}
