package io.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * What {@code --json} prints: one JSON document per run on stdout, and on failure
 * {@code {"error": {"code": <exit code>, "name": "NOT_FOUND", "message": "..."}}} (the same line as the
 * {@code error:} line on stderr).
 */
final class CliJson {
    private CliJson() {
    }

    /** Jackson is created on first use: picocli instantiates every command at start, and a mapper costs ~0.1 s. */
    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    static ObjectNode object() {
        return Holder.MAPPER.createObjectNode();
    }

    /** The error object of a failed run with exit code {@code code}. */
    static ObjectNode error(int code, String message) {
        ObjectNode root = object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("name", ExitCodes.name(code));
        error.put("message", message);
        return root;
    }

    /** Prints {@code value} (a record, a map or a JSON node) as one line. */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(Holder.MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value, e);
        }
    }
}
