package io.floe.persistence.leveldb;

import io.floe.persistence.CorruptValueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Sliver values kept beside the database instead of inside it (key-value separation, as RocksDB's blob files that
 * Walrus' storage nodes use): values of at least {@link LevelDbSettings#sliverFileBytes()} bytes as one file each,
 * values of at least {@link LevelDbSettings#sliverLogBytes()} bytes appended to the {@link SliverLog}, smaller ones
 * stay inside LevelDB.
 *
 * <p>LevelDB rewrites every value at each compaction, and its writer copies values through memory-mapped log and
 * table files and checksums them each time: with slivers of megabytes, that was a quarter of a node's CPU while
 * storing 64 MiB blobs. A file is written once, read once, and deleted when its sliver is.
 *
 * <p>A file holds exactly what LevelDB would have held, the value framed by {@link ValueEnvelope} under the sliver's
 * {@code 's'} key, so a damaged, truncated or misplaced file fails its checksum and is never served. The database
 * keeps an {@code 'f'} entry per file ({@link Placed#pointer}: file ID and length), written in the same batch as the
 * sliver's length entry; the file is written before that batch and deleted after the batch that drops it, so a
 * crash leaves at most unreferenced files, which {@link #sweep} removes when the storage opens. Files are written
 * without an fsync unless slivers are synced; {@link #flush} makes every file written since the last flush durable,
 * which {@link LevelDbNodeStorage#flush} does before it syncs LevelDB's log.
 *
 * <p>Layout: {@code <storage>/sliver-files/<shard>/<first two hex digits of the blob ID>/<blob ID hex>.<p|s>.<file
 * ID hex>}.
 */
final class SliverFiles {
    /** The directory under the database directory that holds the files. */
    static final String DIRECTORY = "sliver-files";
    /** Length of an {@code 'f'} entry's payload: file ID u64, file length u64. */
    static final int POINTER_LENGTH = 16;

    /** Where a sliver's value is kept outside the database: its own file, or a record in the log. */
    sealed interface Placed permits Written, SliverLog.Record {
        /** The {@code 's'} key of the sliver whose value this is. */
        byte[] sliverKey();

        /** The sealed value's length in bytes. */
        long length();

        /** The payload of the {@code 'f'} entry that points here. */
        byte[] pointer();
    }

    private final Path root;
    private final int thresholdBytes;
    private final int logThresholdBytes;
    private final boolean syncEachFile;
    private final SliverLog log;
    // Files written since the last flush, and the directories that gained an entry.
    private final Set<Path> unsyncedFiles = ConcurrentHashMap.newKeySet();
    private final Set<Path> unsyncedDirectories = ConcurrentHashMap.newKeySet();

    SliverFiles(Path databaseDirectory, int thresholdBytes, int logThresholdBytes, boolean syncEachFile,
            SliverLog log) {
        this.root = databaseDirectory.resolve(DIRECTORY);
        this.thresholdBytes = thresholdBytes;
        this.logThresholdBytes = logThresholdBytes;
        this.syncEachFile = syncEachFile;
        this.log = log;
    }

    /** A file written for a sliver: its ID (part of the name) and length. */
    record Written(byte[] sliverKey, long id, long length) implements Placed {
        Path path(SliverFiles files) {
            return files.path(sliverKey, id);
        }

        @Override
        public byte[] pointer() {
            return ByteBuffer.allocate(POINTER_LENGTH).putLong(id).putLong(length).array();
        }
    }

    /** Whether a sealed sliver value of {@code length} bytes is kept outside the database. */
    boolean wantsOutside(int length) {
        return length >= Math.min(thresholdBytes, logThresholdBytes);
    }

    /**
     * Writes {@code value} (sealed under {@code sliverKey}) to a new file if it is large, else appends it to the log;
     * fsyncs it if slivers are synced.
     */
    Placed write(byte[] sliverKey, byte[] value) {
        log.checkOpen();
        return value.length >= thresholdBytes ? writeFile(sliverKey, value) : log.append(sliverKey, value);
    }

    /** The log that holds the middle-sized values. */
    SliverLog log() {
        return log;
    }

    private Written writeFile(byte[] sliverKey, byte[] value) {
        for (int attempt = 0; ; attempt++) {
            long id = ThreadLocalRandom.current().nextLong();
            Path path = path(sliverKey, id);
            try {
                Files.createDirectories(path.getParent());
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(value);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    if (syncEachFile) {
                        channel.force(false);
                    }
                }
                if (syncEachFile) {
                    forceDirectory(path.getParent());
                } else {
                    unsyncedFiles.add(path);
                    unsyncedDirectories.add(path.getParent());
                }
                return new Written(sliverKey, id, value.length);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 3) {
                    throw new UncheckedIOException("cannot pick a fresh sliver file name under " + path.getParent(), e);
                }
            } catch (IOException e) {
                delete(path);
                throw new UncheckedIOException("cannot write sliver file " + path, e);
            }
        }
    }

    /** The file or log record an {@code 'f'} entry's payload points at, for the sliver {@code sliverKey}. */
    static Placed parse(byte[] fileKey, byte[] sliverKey, byte[] pointer) {
        ByteBuffer buffer = ByteBuffer.wrap(pointer);
        return switch (pointer.length) {
            case POINTER_LENGTH -> new Written(sliverKey, buffer.getLong(), buffer.getLong());
            case SliverLog.POINTER_LENGTH -> SliverLog.parse(sliverKey, buffer);
            default -> throw ValueEnvelope.corrupt(fileKey, "sliver file entry of " + pointer.length
                    + " bytes, expected " + POINTER_LENGTH + " (a file) or " + SliverLog.POINTER_LENGTH
                    + " (a log record)", null);
        };
    }

    /**
     * The sealed value at {@code placed}.
     *
     * @throws CorruptValueException when the file or record is missing or not the length its entry records
     */
    byte[] read(Placed placed) {
        return placed instanceof Written file ? readFile(file) : log.read((SliverLog.Record) placed);
    }

    private byte[] readFile(Written file) {
        Path path = file.path(this);
        byte[] value;
        try {
            value = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw ValueEnvelope.corrupt(file.sliverKey(), "its file " + path + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sliver file " + path, e);
        }
        if (value.length != file.length()) {
            throw ValueEnvelope.corrupt(file.sliverKey(), "its file " + path + " is " + value.length
                    + " bytes; " + file.length() + " were written", null);
        }
        return value;
    }

    /**
     * Drops values no entry points at any more: deletes their files, best effort (one left behind is swept at the
     * next open), and counts their log records dead.
     */
    void release(List<? extends Placed> placed) {
        for (Placed value : placed) {
            if (value instanceof Written file) {
                delete(file.path(this));
            } else {
                log.release((SliverLog.Record) value);
            }
        }
    }

    /**
     * Makes every file and log record written since the last flush durable, with the directory entries that name
     * them.
     */
    void flush() {
        log.flush();
        // Files before directories: a directory entry is made durable once the file it names is.
        for (Path file : List.copyOf(unsyncedFiles)) {
            unsyncedFiles.remove(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (NoSuchFileException e) {
                // Deleted since it was written: nothing to make durable.
            } catch (IOException e) {
                unsyncedFiles.add(file);
                throw new UncheckedIOException("cannot fsync sliver file " + file, e);
            }
        }
        for (Path directory : List.copyOf(unsyncedDirectories)) {
            unsyncedDirectories.remove(directory);
            try {
                forceDirectory(directory);
            } catch (NoSuchFileException e) {
                // Removed since: nothing to make durable.
            } catch (IOException e) {
                unsyncedDirectories.add(directory);
                throw new UncheckedIOException("cannot fsync sliver file directory " + directory, e);
            }
        }
    }

    /** How many files, directories and log segments wait for the next {@link #flush}. */
    int unsyncedCount() {
        return unsyncedFiles.size() + unsyncedDirectories.size() + log.unsyncedCount();
    }

    /**
     * Deletes the files under the directory that {@code referenced} does not name: left by a crash between writing a
     * file and committing its entry, or between dropping an entry and deleting its file. Run only at open, before
     * any write.
     *
     * @return how many files were deleted
     */
    int sweep(Set<Path> referenced) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Set<Path> keep = new HashSet<>(referenced);
        List<Path> orphans;
        try (Stream<Path> files = Files.walk(root)) {
            orphans = files.filter(Files::isRegularFile).filter(path -> !keep.contains(path)).toList();
        }
        for (Path orphan : orphans) {
            Files.deleteIfExists(orphan);
        }
        return orphans.size();
    }

    /** Where the file of the sliver under {@code sliverKey} with {@code id} lives. */
    Path path(byte[] sliverKey, long id) {
        int shard = ((sliverKey[1] & 0xFF) << 8) | (sliverKey[2] & 0xFF);
        String blob = HexFormat.of().formatHex(sliverKey, 3, 3 + io.floe.protocol.BlobId.LENGTH);
        char type = sliverKey[sliverKey.length - 1] == 0 ? 'p' : 's';
        return root.resolve(Integer.toString(shard)).resolve(blob.substring(0, 2))
                .resolve(blob + "." + type + "." + HexFormat.of().toHexDigits(id));
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Swept at the next open.
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
