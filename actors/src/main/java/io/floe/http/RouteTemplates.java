package io.floe.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns a request path into the route template metrics label it with, so that blob IDs, object IDs and indices do
 * not each make a time series: {@code /v1/blobs/AbC.../slivers/3/primary} becomes
 * {@code /v1/blobs/{id}/slivers/{n}/primary}. A segment stays literal only if it is a short word (a letter, then
 * letters or digits, at most 24 in all, as every Floe path word is); digits become {@code {n}}, anything else
 * {@code {id}} (a blob ID has 43 characters). At most {@value #MAX_TEMPLATES} distinct templates are kept per instance (random paths cannot explode the label set);
 * beyond that, and for paths of more than {@value #MAX_SEGMENTS} segments, the template is {@code other}.
 */
final class RouteTemplates {
    static final int MAX_TEMPLATES = 100;
    static final int MAX_SEGMENTS = 8;
    static final String OTHER = "other";
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,23}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The template of {@code path} (without its query). */
    String of(String path) {
        String template = template(path);
        if (seen.contains(template)) {
            return template;
        }
        if (seen.size() >= MAX_TEMPLATES) {
            return OTHER;
        }
        seen.add(template);
        return template;
    }

    static String template(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        String[] segments = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return OTHER;
        }
        StringBuilder template = new StringBuilder();
        for (String segment : segments) {
            template.append('/');
            if (segment.isEmpty() || WORD.matcher(segment).matches()) {
                template.append(segment);
            } else if (NUMBER.matcher(segment).matches()) {
                template.append("{n}");
            } else {
                template.append("{id}");
            }
        }
        return template.toString();
    }
}
