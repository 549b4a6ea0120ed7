package io.floe.serialization;

/**
 * Marks a message that crosses the network or is journaled: bound to {@link FloeSerializer} in
 * {@code reference.conf}, so it is written as Protocol Buffers and never with Java serialization.
 */
public interface FloeMessage {
}
