package io.floe.http;

import io.floe.client.NodeApiClient;
import io.floe.client.NodeApiJson;
import io.floe.storage.ErrorReason;
import io.floe.storage.NodeApiException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Reads the owner's deletion token of a {@code DELETE /v1/blobs/{id}}: {@code Authorization: Bearer <token>} or
 * {@code X-Floe-Deletion-Token: <token>}, base64url. Missing or malformed is 400; whether it is right, the node
 * decides.
 */
final class DeletionTokens {
    private static final String BEARER = "Bearer ";

    private DeletionTokens() {
    }

    /** Extracts the token and hands it to {@code inner}. */
    static Route token(Function<byte[], Route> inner) {
        return Directives.optionalHeaderValueByName(NodeApiClient.DELETION_TOKEN_HEADER, header ->
                Directives.optionalHeaderValueByName("Authorization", authorization ->
                        inner.apply(parse(header, authorization))));
    }

    static byte[] parse(Optional<String> header, Optional<String> authorization) {
        String text = header.orElse(null);
        if (text == null && authorization.isPresent()) {
            String value = authorization.get().strip();
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                text = value.substring(BEARER.length());
            }
        }
        if (text == null || text.isBlank()) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, "deleting a blob needs its deletion"
                    + " token: send 'Authorization: Bearer <token>' or '" + NodeApiClient.DELETION_TOKEN_HEADER
                    + ": <token>'");
        }
        try {
            return NodeApiJson.decodeToken(text);
        } catch (IllegalArgumentException e) {
            throw NodeApiException.invalidArgument(ErrorReason.INVALID_REQUEST, e.getMessage());
        }
    }
}
