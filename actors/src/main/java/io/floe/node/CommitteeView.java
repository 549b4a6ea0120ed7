package io.floe.node;

import io.floe.protocol.committee.Committee;
import io.floe.protocol.crypto.NodeKeyPair;
import java.util.Optional;

/** What the data plane knows about the control plane: this node's id and keys, and the current committee. */
public interface CommitteeView {
    /** This node's id. */
    String nodeId();

    /** This node's Ed25519 key pair, which signs its storage confirmations. */
    NodeKeyPair keys();

    /** The committee of the current epoch, empty until one is known. */
    Optional<Committee> committee();

    /** The current epoch, 0 until a committee is known. */
    default long epoch() {
        return committee().map(Committee::epoch).orElse(0L);
    }
}
