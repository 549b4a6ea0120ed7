package io.floe.persistence.leveldb;

import io.floe.persistence.CorruptValueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteOptions;

/** Checks the layout version of a database being opened and loads its counters, recounting any that are corrupt. */
final class StoreMeta {

    /** The persisted counters behind {@code bytesStored()} and {@code count()}. */
    record Counters(long sliverBytes, long blobInfoCount) {
    }

    private StoreMeta() {
    }

    static Counters checkAndLoad(DB db, Path directory) throws IOException {
        byte[] version = db.get(KeyLayout.LAYOUT_VERSION_KEY);
        if (version == null) {
            if (!isEmpty(db)) {
                throw new IOException("LevelDB at " + directory + " is not Floe node storage (it has data but no "
                        + "layout version); point the node at an empty or its own directory");
            }
            db.put(KeyLayout.LAYOUT_VERSION_KEY, ValueEnvelope.seal(KeyLayout.LAYOUT_VERSION_KEY,
                    Longs.toBytes(KeyLayout.LAYOUT_VERSION)), new WriteOptions().sync(true));
        } else {
            long stored = Longs.fromBytes(KeyLayout.LAYOUT_VERSION_KEY,
                    ValueEnvelope.open(KeyLayout.LAYOUT_VERSION_KEY, version));
            if (stored >= KeyLayout.OLDEST_UPGRADABLE_LAYOUT_VERSION && stored < KeyLayout.LAYOUT_VERSION) {
                db.put(KeyLayout.LAYOUT_VERSION_KEY, ValueEnvelope.seal(KeyLayout.LAYOUT_VERSION_KEY,
                        Longs.toBytes(KeyLayout.LAYOUT_VERSION)), new WriteOptions().sync(true));
            } else if (stored != KeyLayout.LAYOUT_VERSION) {
                throw new IOException("LevelDB at " + directory + " has key layout version " + stored
                        + "; this build reads versions " + KeyLayout.OLDEST_UPGRADABLE_LAYOUT_VERSION + " to "
                        + KeyLayout.LAYOUT_VERSION);
            }
        }
        return new Counters(counter(db, KeyLayout.SLIVER_BYTES_KEY, StoreMeta::sumSliverLengths),
                counter(db, KeyLayout.BLOB_INFO_COUNT_KEY, StoreMeta::countBlobInfos));
    }

    private static long counter(DB db, byte[] key, ToLongFunction<DB> recount) {
        byte[] raw = db.get(key);
        if (raw == null) {
            return 0;
        }
        try {
            return Longs.fromBytes(key, ValueEnvelope.open(key, raw));
        } catch (CorruptValueException e) {
            long recounted = recount.applyAsLong(db);
            db.put(key, ValueEnvelope.seal(key, Longs.toBytes(recounted)), new WriteOptions().sync(true));
            return recounted;
        }
    }

    private static long sumSliverLengths(DB db) {
        long total = 0;
        try (DBIterator iterator = db.iterator()) {
            byte[] table = KeyLayout.table(KeyLayout.SLIVER_LENGTH);
            for (iterator.seek(table); iterator.hasNext(); ) {
                Map.Entry<byte[], byte[]> entry = iterator.next();
                if (!KeyLayout.startsWith(entry.getKey(), table)) {
                    break;
                }
                try {
                    total += Longs.fromBytes(entry.getKey(), ValueEnvelope.open(entry.getKey(), entry.getValue()));
                } catch (CorruptValueException e) {
                    // An unreadable length counts as 0, as in BatchWriter.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private static long countBlobInfos(DB db) {
        long count = 0;
        try (DBIterator iterator = db.iterator()) {
            byte[] table = KeyLayout.table(KeyLayout.BLOB_INFO);
            for (iterator.seek(table); iterator.hasNext() && KeyLayout.startsWith(iterator.next().getKey(), table); ) {
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /**
     * Passes what every {@code 'f'} entry points at (a file or a log record) to {@code placed}; an unreadable entry
     * points at nothing (its sliver reads as corrupt and is recovered).
     */
    static void forEachPlaced(DB db, Consumer<SliverFiles.Placed> placed) {
        try (DBIterator iterator = db.iterator()) {
            byte[] table = KeyLayout.table(KeyLayout.SLIVER_FILE);
            for (iterator.seek(table); iterator.hasNext(); ) {
                Map.Entry<byte[], byte[]> entry = iterator.next();
                if (!KeyLayout.startsWith(entry.getKey(), table)) {
                    break;
                }
                try {
                    byte[] sliverKey = KeyLayout.retable(entry.getKey(), KeyLayout.SLIVER);
                    placed.accept(SliverFiles.parse(entry.getKey(), sliverKey,
                            ValueEnvelope.open(entry.getKey(), entry.getValue())));
                } catch (CorruptValueException e) {
                    // Its sliver reads as corrupt and is recovered; its file or record, if any, is garbage.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(DB db) {
        try (DBIterator iterator = db.iterator()) {
            iterator.seekToFirst();
            return !iterator.hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
