package io.floe.http;

import io.floe.storage.NodeApiException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header, resolved against a blob's length: {@code a-b}, {@code a-} or
 * the suffix {@code -n}. Anything else, several ranges, or a range outside the blob is not satisfiable.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    long length() {
        return last - first + 1;
    }

    /**
     * The range asked for, or empty without a header.
     *
     * @throws NodeApiException 416 when the header asks for something this blob cannot give
     */
    static Optional<ByteRange> parse(Optional<String> header, long blobLength) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        Matcher matcher = SINGLE.matcher(value);
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            throw unsatisfiable(value, blobLength, "only one range of the form bytes=a-b, bytes=a- or bytes=-n");
        }
        long first;
        long last;
        if (matcher.group(1).isEmpty()) {
            long suffix = Long.parseLong(matcher.group(2));
            if (suffix == 0 || blobLength == 0) {
                throw unsatisfiable(value, blobLength, "an empty suffix");
            }
            first = Math.max(0, blobLength - suffix);
            last = blobLength - 1;
        } else {
            first = Long.parseLong(matcher.group(1));
            last = matcher.group(2).isEmpty() ? blobLength - 1
                    : Math.min(Long.parseLong(matcher.group(2)), blobLength - 1);
            if (!matcher.group(2).isEmpty() && Long.parseLong(matcher.group(2)) < first) {
                throw unsatisfiable(value, blobLength, "a range that ends before it starts");
            }
            if (first >= blobLength) {
                throw unsatisfiable(value, blobLength, "a range that starts after the blob ends");
            }
        }
        return Optional.of(new ByteRange(first, last));
    }

    private static NodeApiException unsatisfiable(String value, long blobLength, String why) {
        return NodeApiException.rangeNotSatisfiable("range '" + value + "' cannot be served from a blob of "
                + blobLength + " bytes: " + why);
    }
}
