package io.floe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Route templates keep the path's words and hide IDs and indices, with a bounded number of templates. */
class RouteTemplatesTest {
    @Test
    void idsAndIndicesBecomePlaceholders() {
        assertEquals("/v1/blobs/{id}/slivers/{n}/primary",
                RouteTemplates.template("/v1/blobs/1coVmp5gV9JYX9dmvlKgfpSxgwUL8yBgS0Izl6K00jc/slivers/3/primary"));
        assertEquals("/v1/blobs/{id}", RouteTemplates.template("/v1/blobs/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"),
                "a 43-letter blob ID is not a word");
        assertEquals("/v1/status", RouteTemplates.template("/v1/status"));
        assertEquals("/", RouteTemplates.template("/"));
        assertEquals("/metrics", RouteTemplates.template("/metrics"));
        assertEquals(RouteTemplates.OTHER, RouteTemplates.template("/a/b/c/d/e/f/g/h/i"));
    }

    @Test
    void distinctTemplatesAreBounded() {
        RouteTemplates templates = new RouteTemplates();
        for (int i = 0; i < RouteTemplates.MAX_TEMPLATES; i++) {
            assertEquals("/" + word(i), templates.of("/" + word(i)));
        }
        assertEquals(RouteTemplates.OTHER, templates.of("/" + word(RouteTemplates.MAX_TEMPLATES)));
        assertEquals("/" + word(0), templates.of("/" + word(0)), "known templates stay");
    }

    private static String word(int i) {
        StringBuilder word = new StringBuilder("p");
        for (char c : Integer.toString(i).toCharArray()) {
            word.append((char) ('a' + c - '0'));
        }
        return word.toString();
    }
}
