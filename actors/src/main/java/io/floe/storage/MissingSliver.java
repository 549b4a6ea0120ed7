package io.floe.storage;

import io.floe.protocol.encoding.SliverType;

/** A sliver this node should hold for a blob but does not (or holds corrupt): shard, pair, type and sliver index. */
public record MissingSliver(int shard, int pair, SliverType type, int sliverIndex) {
}
