package io.floe.settings;

/**
 * Where a node listens and how others reach it: {@code host} is advertised (Artery's canonical address, the node-API
 * URL in the committee), {@code bindHost} is bound by Artery, the node API, the publisher and Pekko Management. They
 * differ in a container, which binds {@code 0.0.0.0} and is reached by its service name.
 */
public record NetworkSettings(String host, String bindHost, int arteryPort, int nodeApiPort, int publisherPort,
        int managementPort) {

    /** Base URL of the node API (Walrus storage-node paths), e.g. {@code http://127.0.0.11:9100}. */
    public String nodeApiUrl() {
        return "http://" + host + ":" + nodeApiPort;
    }

    /** Base URL of the publisher and aggregator (Walrus daemon API). */
    public String publisherUrl() {
        return "http://" + host + ":" + publisherPort;
    }

    /** Base URL of Pekko Management ({@code /alive}, {@code /ready}, {@code /cluster/members}). */
    public String managementUrl() {
        return "http://" + host + ":" + managementPort;
    }

    /** The node's Artery address, as other nodes list it among their seed nodes. */
    public String arteryAddress() {
        return NodeSettings.SYSTEM_NAME_URI_PREFIX + host + ":" + arteryPort;
    }
}
