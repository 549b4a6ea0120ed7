package io.floe.storage;

import java.util.OptionalLong;

/**
 * A blob's lifecycle state on this node without the slivers it holds: what {@link BlobStatusReport} says in
 * {@code status} and {@code endEpoch}, for callers that go through many blobs (anti-entropy, repair) and must not pay
 * a storage lookup per owned shard for each.
 *
 * @param status one of {@code nonexistent, registered, certified, invalid, expired, deleted}
 */
public record BlobLifecycleStatus(String status, OptionalLong endEpoch) {
}
