package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cluster.json} that {@code floe up} writes into its data directory, telling client commands where the
 * nodes of a local cluster listen: {@code {"nodes": [{"id", "pid", "publisherUrl", "nodeApiUrl", "managementUrl",
 * "artery"}]}} (the last two may be missing; {@code floe health} then skips the management checks).
 */
public record ClusterFile(List<Node> nodes) {
    /** The file's name inside the data directory. */
    public static final String NAME = "cluster.json";

    /** One node of the local cluster. */
    public record Node(String id, long pid, String publisherUrl, String nodeApiUrl, String managementUrl,
            String artery) {
    }

    public ClusterFile {
        nodes = List.copyOf(nodes);
    }

    /** The publisher URLs of every node, in file order. */
    public List<String> publisherUrls() {
        return nodes.stream().map(Node::publisherUrl).filter(url -> url != null && !url.isBlank()).toList();
    }

    /** The node API URLs of every node, in file order. */
    public List<String> nodeApiUrls() {
        return nodes.stream().map(Node::nodeApiUrl).filter(url -> url != null && !url.isBlank()).toList();
    }

    /**
     * Reads {@code directory/cluster.json}.
     *
     * @throws CommandFailure when it is missing or malformed, saying what to do
     */
    static ClusterFile read(Path directory) {
        Path file = directory.resolve(NAME);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.USAGE, "no " + file + " found; start a cluster with 'floe up' there, "
                    + "pass its data directory with --dir, or give a publisher with --url");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INPUT, "cannot read " + file + ": " + e.getMessage());
        }
        JsonNode nodes = root == null ? null : root.path("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw new CommandFailure(ExitCodes.INPUT, file + " has no \"nodes\" array; was it written by 'floe up'?");
        }
        List<Node> parsed = new ArrayList<>();
        for (JsonNode node : nodes) {
            parsed.add(new Node(node.path("id").asText(""), node.path("pid").asLong(-1),
                    node.path("publisherUrl").asText(""), node.path("nodeApiUrl").asText(""),
                    node.path("managementUrl").asText(""), node.path("artery").asText("")));
        }
        ClusterFile cluster = new ClusterFile(parsed);
        if (cluster.publisherUrls().isEmpty()) {
            throw new CommandFailure(ExitCodes.INPUT, file + " lists no node with a publisherUrl");
        }
        return cluster;
    }
}
