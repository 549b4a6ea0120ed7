package io.floe.persistence.leveldb;

import io.floe.persistence.SliverLogUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Middle-sized sliver values, appended one after another to segment files beside the database: the values a 1 MiB
 * blob sends each shard (15–30 KiB at 100 shards). Inside LevelDB they were written to its log, then to a level-0
 * table, then rewritten by every compaction, each time copied through memory-mapped files and checksummed in
 * software: a third of a node's CPU while storing 1 MiB blobs. In their own files they cost a file creation and an
 * fsync each. Here each is written once, and the slivers of a whole batch are made durable by one fsync.
 *
 * <p>A segment holds sealed values ({@link ValueEnvelope}, sealed under the sliver's {@code 's'} key) back to back,
 * without headers: the database's {@code 'f'} entries ({@link Record#pointer}: segment, offset, length) are the only
 * index, and a pointer at the wrong bytes fails the value's checksum. Appends go to the newest segment until it
 * reaches its size, then to a new one; after a restart they start a new segment, so a tail torn by a crash is never
 * written after.
 *
 * <p>Each segment counts its live bytes: those of the records some {@code 'f'} entry points at. The count is rebuilt
 * from the entries at open and kept as batches commit ({@link #release} when an entry that pointed at a record is
 * replaced or deleted). {@link LevelDbNodeStorage#compactSliverLog} deletes the segments with no live bytes left, once
 * the changes that emptied them are durable, and compacts those that are mostly dead, moving their live records to
 * the newest segment.
 *
 * <p>Layout: {@code <storage>/sliver-log/<segment ID as 16 hex digits>.log}.
 */
final class SliverLog {
    /** The directory under the database directory that holds the segments. */
    static final String DIRECTORY = "sliver-log";
    /** Length of an {@code 'f'} entry's payload for a record: segment ID u64, offset u64, length u64. */
    static final int POINTER_LENGTH = 24;
    /** The size from which appends go to a new segment, 64 MiB. */
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final String SUFFIX = ".log";
    /** Pages dropped from the page cache start at a multiple of this (the kernel keeps partly covered pages). */
    private static final long PAGE_BYTES = 4096;

    /** A record in the log: which sliver it holds, and where. */
    record Record(byte[] sliverKey, long segment, long offset, long length) implements SliverFiles.Placed {
        @Override
        public byte[] pointer() {
            return ByteBuffer.allocate(POINTER_LENGTH).putLong(segment).putLong(offset).putLong(length).array();
        }
    }

    /**
     * A segment file and its open channel. A thread interrupted in the middle of a read or write closes a file
     * channel for every thread (the JDK's interruptible channels), so a closed channel is reopened, unless the
     * segment was deleted or the log closed.
     */
    private static final class Segment {
        final long id;
        final Path path;
        final boolean writable;
        final AtomicLong live;
        // Bytes appended; only the newest segment grows, under the log's append lock.
        volatile long size;
        private FileChannel channel;
        private boolean retired;
        // Bytes below this are synced and queued for advice (SliverLog#advise).
        private long noted;

        Segment(long id, Path path, boolean writable, long live) throws IOException {
            this.id = id;
            this.path = path;
            this.writable = writable;
            this.live = new AtomicLong(live);
            this.channel = writable
                    ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            this.size = channel.size();
        }

        synchronized FileChannel channel() throws IOException {
            if (retired) {
                throw new ClosedChannelException();
            }
            if (!channel.isOpen()) {
                channel = writable ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                        : FileChannel.open(path, StandardOpenOption.READ);
            }
            return channel;
        }

        /**
         * Where the synced range that ends at {@code end} starts: at the start of the page that held the end of the
         * previous range, which the kernel kept when that range was advised; notes {@code end}.
         */
        synchronized long noteSynced(long end) {
            long from = noted - noted % PAGE_BYTES;
            noted = Math.max(noted, end);
            return from;
        }

        synchronized boolean retired() {
            return retired;
        }

        /** Closes the channel for good: the segment is deleted or the log closed. */
        synchronized void retire() {
            retired = true;
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing is lost: what was written is in the file, what was not synced was never promised.
            }
        }
    }

    private final Path root;
    private final long segmentBytes;
    private final boolean syncEachRecord;
    private final PageCache pageCache;
    private final long cachedBytes;
    // Synced ranges not yet advised out of the page cache, oldest first, and their bytes; guarded by itself.
    private final ArrayDeque<Synced> cached = new ArrayDeque<>();
    private long cachedTotal;
    private final Map<Long, Segment> segments = new ConcurrentHashMap<>();
    private final Set<Segment> unsynced = ConcurrentHashMap.newKeySet();
    private final Object appendLock = new Object();
    private Segment newest;
    private long nextId;
    private boolean closed;
    private volatile boolean directoryUnsynced;

    /** A synced range of a segment, not yet advised out of the page cache. */
    private record Synced(Segment segment, long from, long to) {
    }

    private SliverLog(Path root, long segmentBytes, boolean syncEachRecord, PageCache pageCache, long cachedBytes,
            long nextId) {
        this.root = root;
        this.segmentBytes = segmentBytes;
        this.syncEachRecord = syncEachRecord;
        this.pageCache = pageCache;
        this.cachedBytes = cachedBytes;
        this.nextId = nextId;
    }

    /**
     * Opens the log under {@code databaseDirectory}: deletes the segments no entry points at and opens the others,
     * with the live bytes that {@code liveBytes} counted for them (by segment ID). Of the synced records, the
     * latest {@code cachedBytes} are left in {@code pageCache} and older ones advised out of it.
     */
    static SliverLog open(Path databaseDirectory, long segmentBytes, boolean syncEachRecord, PageCache pageCache,
            long cachedBytes, Map<Long, Long> liveBytes) throws IOException {
        Path root = databaseDirectory.resolve(DIRECTORY);
        Files.createDirectories(root);
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            entries.forEach(paths::add);
        }
        long maxId = -1;
        List<Segment> opened = new ArrayList<>();
        try {
            for (Path path : paths) {
                long id = segmentId(path);
                if (id < 0) {
                    continue;
                }
                maxId = Math.max(maxId, id);
                long live = liveBytes.getOrDefault(id, 0L);
                if (live == 0) {
                    Files.delete(path);
                    continue;
                }
                opened.add(new Segment(id, path, false, live));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Segment::retire);
            throw e;
        }
        SliverLog log = new SliverLog(root, segmentBytes, syncEachRecord, pageCache, cachedBytes, maxId + 1);
        opened.forEach(segment -> log.segments.put(segment.id, segment));
        return log;
    }

    /** The segment ID a file name encodes, or -1 if the file is not a segment. */
    static long segmentId(Path path) {
        String name = path.getFileName().toString();
        if (name.length() != 16 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return HexFormat.fromHexDigitsToLong(name, 0, 16);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Appends {@code value} (sealed under {@code sliverKey}); fsyncs it if every record is synced. */
    Record append(byte[] sliverKey, byte[] value) {
        Segment segment;
        long offset;
        synchronized (appendLock) {
            checkOpen();
            segment = segmentFor(value.length);
            offset = segment.size;
            try {
                ByteBuffer buffer = ByteBuffer.wrap(value);
                FileChannel channel = segment.channel();
                for (long position = offset; buffer.hasRemaining(); ) {
                    position += channel.write(buffer, position);
                }
                if (syncEachRecord) {
                    channel.force(false);
                    advise(segment, offset + value.length);
                }
            } catch (IOException e) {
                // The bytes past size are never pointed at; the next append writes over them.
                throw new UncheckedIOException("cannot append to sliver log segment " + segment.path, e);
            }
            segment.size = offset + value.length;
            segment.live.addAndGet(value.length);
        }
        if (!syncEachRecord) {
            unsynced.add(segment);
        }
        return new Record(sliverKey, segment.id, offset, value.length);
    }

    /** Throws {@link IllegalStateException} once the log (and with it the storage) is closed. */
    void checkOpen() {
        synchronized (appendLock) {
            if (closed) {
                throw new IllegalStateException("the sliver log at " + root + " is closed");
            }
        }
    }

    /** The record a pointer of {@link #POINTER_LENGTH} bytes names. */
    static Record parse(byte[] sliverKey, ByteBuffer pointer) {
        return new Record(sliverKey, pointer.getLong(), pointer.getLong(), pointer.getLong());
    }

    /**
     * The sealed value in {@code record}.
     *
     * @throws io.floe.persistence.CorruptValueException when its segment is gone or shorter than the record
     */
    byte[] read(Record record) {
        Segment segment = segments.get(record.segment());
        if (segment == null) {
            throw ValueEnvelope.corrupt(record.sliverKey(), "its sliver log segment " + name(record.segment())
                    + " is missing", null);
        }
        if (record.offset() < 0 || record.length() > Integer.MAX_VALUE - 16
                || record.offset() + record.length() > segment.size) {
            throw ValueEnvelope.corrupt(record.sliverKey(), "its record (offset " + record.offset() + ", "
                    + record.length() + " bytes) lies beyond the end of sliver log segment " + segment.path
                    + " (" + segment.size + " bytes)", null);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) record.length());
        try {
            FileChannel channel = segment.channel();
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, record.offset() + buffer.position());
                if (read < 0) {
                    throw ValueEnvelope.corrupt(record.sliverKey(), "sliver log segment " + segment.path
                            + " ends before its record", null);
                }
            }
        } catch (IOException e) {
            if (segment.retired()) {
                // Deleted under the reader after a compaction moved the record: the caller looks again.
                throw ValueEnvelope.corrupt(record.sliverKey(), "its sliver log segment " + segment.path
                        + " was deleted while it was read", e);
            }
            throw new UncheckedIOException("cannot read sliver log segment " + segment.path, e);
        }
        return buffer.array();
    }

    /** The records are no longer pointed at: their bytes are dead. */
    void release(Record record) {
        Segment segment = segments.get(record.segment());
        if (segment != null) {
            segment.live.addAndGet(-record.length());
        }
    }

    /** Makes every record appended since the last flush durable, with the directory entries of new segments. */
    void flush() {
        for (Segment segment : List.copyOf(unsynced)) {
            unsynced.remove(segment);
            // Appends raise size only after their bytes are written: all of them below it are in the file.
            long written = segment.size;
            try {
                segment.channel().force(false);
                advise(segment, written);
            } catch (IOException e) {
                if (!segment.retired()) {
                    unsynced.add(segment);
                    throw new UncheckedIOException("cannot fsync sliver log segment " + segment.path, e);
                }
                // Deleted since: nothing to make durable.
            }
        }
        if (directoryUnsynced) {
            directoryUnsynced = false;
            try (FileChannel directory = FileChannel.open(root, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException e) {
                directoryUnsynced = true;
                throw new UncheckedIOException("cannot fsync sliver log directory " + root, e);
            }
        }
    }

    /**
     * Notes that the bytes of {@code segment} below {@code synced} are durable, and advises the page cache that the
     * oldest synced ranges beyond the latest {@link #cachedBytes} will not be read soon. Recent slivers are the ones
     * read (a blob just stored, a repair, a transfer); the rest would keep every write taking fresh pages.
     */
    private void advise(Segment segment, long synced) {
        List<Synced> drop = new ArrayList<>();
        synchronized (cached) {
            long from = segment.noteSynced(synced);
            if (synced > from) {
                cached.addLast(new Synced(segment, from, synced));
                cachedTotal += synced - from;
            }
            while (cachedTotal > cachedBytes && !cached.isEmpty()) {
                Synced oldest = cached.removeFirst();
                cachedTotal -= oldest.to() - oldest.from();
                drop.add(oldest);
            }
        }
        for (Synced range : drop) {
            // A deleted segment's pages went with it.
            if (!range.segment().retired()) {
                pageCache.dropSynced(range.segment().path, range.from(), range.to() - range.from());
            }
        }
    }

    /** The segments, other than the newest, that no record in them is live in any more. */
    List<Long> emptySegments() {
        Segment current = newestSegment();
        return segments.values().stream().filter(segment -> segment != current && segment.live.get() <= 0)
                .map(segment -> segment.id).toList();
    }

    /**
     * Deletes the segments {@code ids} that are still empty and not the newest. Call only once the changes that emptied
     * them are durable (until then a crash could bring back an entry that points into them) and no entry points into
     * them.
     */
    void deleteSegments(List<Long> ids) {
        for (long id : ids) {
            Segment segment = segments.get(id);
            if (segment == null || segment.live.get() > 0 || segment == newestSegment()) {
                continue;
            }
            segments.remove(id);
            unsynced.remove(segment);
            segment.retire();
            try {
                Files.deleteIfExists(segment.path);
            } catch (IOException e) {
                // Swept at the next open: no entry points into it.
            }
        }
    }

    /**
     * The segments, other than the newest, whose live bytes are under {@code liveFraction} of their size and not
     * zero (empty ones are just deleted), least live first.
     */
    List<Long> compactionCandidates(double liveFraction) {
        Segment current = newestSegment();
        return segments.values().stream()
                .filter(segment -> segment != current && segment.live.get() > 0
                        && segment.live.get() < liveFraction * segment.size)
                .sorted(Comparator.comparingLong(segment -> segment.live.get()))
                .map(segment -> segment.id).toList();
    }

    /** How many segments, and the directory if it gained one, wait for the next {@link #flush}. */
    int unsyncedCount() {
        return unsynced.size() + (directoryUnsynced ? 1 : 0);
    }

    /** The segments, their live bytes and their bytes in all. */
    SliverLogUsage usage() {
        List<Segment> all = List.copyOf(segments.values());
        return new SliverLogUsage(all.size(), all.stream().mapToLong(segment -> segment.live.get()).sum(),
                all.stream().mapToLong(segment -> segment.size).sum());
    }

    /** Closes every segment; the log cannot be used afterwards. */
    void close() {
        synchronized (appendLock) {
            closed = true;
            segments.values().forEach(Segment::retire);
            segments.clear();
            newest = null;
        }
    }

    private Segment newestSegment() {
        synchronized (appendLock) {
            return newest;
        }
    }

    private Segment segmentFor(int length) {
        if (newest != null && (newest.size == 0 || newest.size + length <= segmentBytes)) {
            return newest;
        }
        long id = nextId++;
        Path path = root.resolve(name(id));
        try {
            Segment segment = new Segment(id, path, true, 0);
            segments.put(id, segment);
            newest = segment;
            directoryUnsynced = true;
            if (syncEachRecord) {
                flush();
            }
            return segment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create sliver log segment " + path, e);
        }
    }

    private static String name(long id) {
        return HexFormat.of().toHexDigits(id) + SUFFIX;
    }
}
