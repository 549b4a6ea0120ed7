package io.floe.http;

import io.floe.client.NodeApiJson;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of Floe's HTTP surfaces as AIP-193 JSON (docs/node-api.md): {@link NodeApiException}s, bodies over
 * their limit, unexpected failures, and Pekko's own rejections (unknown path, wrong method, bad query parameter).
 */
public final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Seals {@code route}: nothing it does reaches a client other than as error JSON. */
    public static Route seal(Route route) {
        return route.seal(rejectionHandler(), exceptionHandler());
    }

    /** The error response of {@code error}. */
    public static HttpResponse response(NodeApiException error) {
        return HttpResponse.create().withStatus(error.httpStatus())
                .withEntity(ContentTypes.APPLICATION_JSON, NodeApiJson.error(error));
    }

    /** The response for any failure: unwraps completion wrappers, maps oversized bodies, hides bugs' details. */
    public static HttpResponse response(Throwable failure) {
        return response(toApiException(failure));
    }

    /** Maps a failure to the exception the client sees. */
    public static NodeApiException toApiException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof NodeApiException error) {
            return error;
        }
        EntityStreamSizeException tooLarge = findCause(cause, EntityStreamSizeException.class);
        if (tooLarge != null) {
            return NodeApiException.bodyTooLarge("request body exceeds the limit of " + tooLarge.limit()
                    + " bytes for this request");
        }
        log.warn("unexpected failure in request", cause);
        return NodeApiException.internal("unexpected failure: " + cause + "; please report it");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; depth < 8 && (cause instanceof CompletionException
                || cause instanceof ExecutionException) && cause.getCause() != null; depth++) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        Throwable cause = failure;
        for (int depth = 0; depth < 8 && cause != null; depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            cause = cause.getCause();
        }
        return null;
    }

    static ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder()
                .matchAny(failure -> Directives.complete(response(failure)))
                .build();
    }

    static RejectionHandler rejectionHandler() {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rejections -> {
                    TreeSet<String> allowed = new TreeSet<>();
                    rejections.forEach(rejection -> allowed.add(rejection.supported().name()));
                    return complete(NodeApiException.methodNotAllowed("method not allowed here; use "
                            + String.join(" or ", allowed)));
                })
                .handle(MissingQueryParamRejection.class, rejection -> complete(NodeApiException.invalidArgument(
                        ErrorReason.INVALID_REQUEST, "query parameter '" + rejection.parameterName() + "' is required")))
                .handle(MalformedQueryParamRejection.class, rejection -> complete(NodeApiException.invalidArgument(
                        ErrorReason.INVALID_REQUEST, "query parameter '" + rejection.parameterName()
                                + "' is malformed: " + rejection.errorMsg())))
                .handle(MalformedRequestContentRejection.class, rejection ->
                        complete(rejection.getCause() != null
                                && findCause(rejection.getCause(), EntityStreamSizeException.class) != null
                                ? toApiException(rejection.getCause())
                                : NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                                        "malformed request body: " + rejection.message())))
                .handleAll(Rejection.class, ApiErrors::otherRejections)
                .handleNotFound(complete(NodeApiException.notFound(ErrorReason.UNKNOWN_PATH,
                        "no such path; see docs/node-api.md for the API")))
                .build();
    }

    private static Route otherRejections(List<Rejection> rejections) {
        return complete(NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST,
                "request rejected: " + rejections));
    }

    private static Route complete(NodeApiException error) {
        return Directives.complete(response(error));
    }
}
