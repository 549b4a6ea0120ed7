package io.floe.persistence;

/**
 * The sliver log's use of disk: its segments, the bytes of the slivers they hold that are still stored, and all their
 * bytes, dead ones included (deleted or moved slivers whose segment has not been compacted yet).
 *
 * @param segments the segment files
 * @param liveBytes bytes of records some sliver entry points at
 * @param totalBytes bytes of every segment file
 */
public record SliverLogUsage(int segments, long liveBytes, long totalBytes) {
    /** The usage of storage without a sliver log. */
    public static final SliverLogUsage NONE = new SliverLogUsage(0, 0, 0);
}
