package io.floe.persistence.leveldb;

import io.floe.persistence.StorageLimits;
import io.floe.protocol.BlobId;
import io.floe.protocol.encoding.SliverType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How a node's one LevelDB database lays out its keys: the single place that defines them.
 *
 * <p>Every key starts with a one-byte table prefix, followed by fixed-width big-endian fields, so that LevelDB's
 * byte order is the order of the fields and a table, a shard or a blob is a contiguous key range:
 *
 * <pre>
 * table          key                                                value payload (inside a {@link ValueEnvelope})
 * 's' sliver     's' ‖ shard u16 ‖ blob ID (32) ‖ sliver type u8     BCS SliverData ({@code Sliver.toBcs()})
 * 'f' sliver file 'f' ‖ shard u16 ‖ blob ID (32) ‖ sliver type u8    file ID u64 ‖ file length u64 ({@link SliverFiles}),
 *                                                                    or segment ID u64 ‖ offset u64 ‖ length u64
 *                                                                    ({@link SliverLog})
 * 'l' length     'l' ‖ shard u16 ‖ blob ID (32) ‖ sliver type u8     u64 length of the sliver's data
 * 'm' metadata   'm' ‖ blob ID (32)                                  BCS BlobMetadata
 * 'i' blob info  'i' ‖ blob ID (32)                                  {@link BlobInfoCodec} v1
 * 'e' expiry     'e' ‖ end epoch u64 ‖ blob ID (32)                  empty (an index of 'i' by end epoch)
 * 'n' node state 'n' ‖ UTF-8 key (1..256 bytes)                      opaque bytes
 * 'x' store meta 'x' ‖ UTF-8 name                                    u64 ({@code layout-version}, counters)
 * </pre>
 *
 * <p>Sliver types are coded {@code 0} primary, {@code 1} secondary. Each sliver has a small length entry next to
 * its data so that {@code has}, shard listings and byte accounting never read sliver bytes. A sliver is stored either
 * inline under its {@code 's'} key or, when larger, in a log record or a file that its {@code 'f'} entry points at,
 * never both: the record or file holds what the {@code 's'} value would, sealed under the {@code 's'} key. The {@code 'e'} index is
 * written in the same batch as its {@code 'i'} entry; a reader checks each index hit against the info it points to,
 * so an entry left stale by a corrupt info is skipped rather than trusted.
 */
final class KeyLayout {
    /** Bumped when a change to this layout needs a migration; stored under {@code x/layout-version}. */
    static final long LAYOUT_VERSION = 3;
    /**
     * Older versions this build reads as they are, marking them {@link #LAYOUT_VERSION} when opened: version 1 had no
     * {@code 'f'} entries, version 2 only those of files (no log records).
     */
    static final long OLDEST_UPGRADABLE_LAYOUT_VERSION = 1;

    static final byte SLIVER = 's';
    static final byte SLIVER_LENGTH = 'l';
    static final byte SLIVER_FILE = 'f';
    static final byte METADATA = 'm';
    static final byte BLOB_INFO = 'i';
    static final byte EXPIRY = 'e';
    static final byte NODE_STATE = 'n';
    static final byte STORE_META = 'x';

    static final byte[] LAYOUT_VERSION_KEY = storeMeta("layout-version");
    static final byte[] SLIVER_BYTES_KEY = storeMeta("sliver-bytes");
    static final byte[] BLOB_INFO_COUNT_KEY = storeMeta("blob-info-count");

    private static final int SLIVER_KEY_LENGTH = 1 + 2 + BlobId.LENGTH + 1;

    private KeyLayout() {
    }

    static byte[] sliver(int shard, BlobId blobId, SliverType type) {
        return sliverKey(SLIVER, shard, blobId, type);
    }

    static byte[] sliverLength(int shard, BlobId blobId, SliverType type) {
        return sliverKey(SLIVER_LENGTH, shard, blobId, type);
    }

    static byte[] sliverFile(int shard, BlobId blobId, SliverType type) {
        return sliverKey(SLIVER_FILE, shard, blobId, type);
    }

    /** The same shard, blob and type as {@code sliverKey} in table {@code table}. */
    static byte[] retable(byte[] sliverKey, byte table) {
        byte[] key = sliverKey.clone();
        key[0] = table;
        return key;
    }

    /** The prefix of every length entry of {@code shard}. */
    static byte[] sliverLengthsOf(int shard) {
        StorageLimits.checkShard(shard);
        return new byte[] {SLIVER_LENGTH, (byte) (shard >>> 8), (byte) shard};
    }

    /** The prefix of the length entries of {@code blobId} on {@code shard}. */
    static byte[] sliverLengthsOf(int shard, BlobId blobId) {
        return ByteBuffer.allocate(3 + BlobId.LENGTH).put(sliverLengthsOf(shard)).put(blobId.toBytes()).array();
    }

    /** The sliver-data key with the same shard, blob and type as the length entry {@code lengthKey}. */
    static byte[] sliverOfLengthKey(byte[] lengthKey) {
        return retable(lengthKey, SLIVER);
    }

    static byte[] metadata(BlobId blobId) {
        return blobKey(METADATA, blobId);
    }

    static byte[] blobInfo(BlobId blobId) {
        return blobKey(BLOB_INFO, blobId);
    }

    static byte[] expiry(long endEpoch, BlobId blobId) {
        return ByteBuffer.allocate(1 + 8 + BlobId.LENGTH).put(EXPIRY).putLong(endEpoch).put(blobId.toBytes()).array();
    }

    static long endEpochOfExpiryKey(byte[] key) {
        return ByteBuffer.wrap(key, 1, 8).getLong();
    }

    static byte[] nodeState(String key) {
        byte[] name = StorageLimits.checkStateKey(key);
        return ByteBuffer.allocate(1 + name.length).put(NODE_STATE).put(name).array();
    }

    static byte[] table(byte table) {
        return new byte[] {table};
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The blob a key belongs to, or {@code null} for node-state and store-meta keys (and malformed keys). */
    static BlobId blobIdOf(byte[] key) {
        int offset = switch (key.length == 0 ? 0 : key[0]) {
            case SLIVER, SLIVER_LENGTH, SLIVER_FILE -> key.length == SLIVER_KEY_LENGTH ? 3 : -1;
            case METADATA, BLOB_INFO -> key.length == 1 + BlobId.LENGTH ? 1 : -1;
            case EXPIRY -> key.length == 1 + 8 + BlobId.LENGTH ? 9 : -1;
            default -> -1;
        };
        return offset < 0 ? null : BlobId.of(Arrays.copyOfRange(key, offset, offset + BlobId.LENGTH));
    }

    /** A readable name of a key for errors, such as {@code sliver/3/<blob ID>/primary}. */
    static String describe(byte[] key) {
        BlobId blobId = blobIdOf(key);
        if (blobId != null) {
            return switch (key[0]) {
                case SLIVER, SLIVER_LENGTH, SLIVER_FILE -> (key[0] == SLIVER ? "sliver/"
                        : key[0] == SLIVER_FILE ? "sliver-file/" : "sliver-length/")
                        + (((key[1] & 0xFF) << 8) | (key[2] & 0xFF)) + "/" + blobId + "/"
                        + describeType(key[SLIVER_KEY_LENGTH - 1]);
                case METADATA -> "metadata/" + blobId;
                case BLOB_INFO -> "blob-info/" + blobId;
                default -> "expiry/" + endEpochOfExpiryKey(key) + "/" + blobId;
            };
        }
        if (key.length > 1 && (key[0] == NODE_STATE || key[0] == STORE_META)) {
            return (key[0] == NODE_STATE ? "node-state/" : "store-meta/")
                    + new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
        }
        return "raw/" + HexFormat.of().formatHex(key);
    }

    static byte typeCode(SliverType type) {
        return switch (type) {
            case PRIMARY -> 0;
            case SECONDARY -> 1;
        };
    }

    private static String describeType(byte code) {
        return switch (code) {
            case 0 -> "primary";
            case 1 -> "secondary";
            default -> "type-" + code;
        };
    }

    private static byte[] sliverKey(byte table, int shard, BlobId blobId, SliverType type) {
        StorageLimits.checkShard(shard);
        return ByteBuffer.allocate(SLIVER_KEY_LENGTH).put(table).putShort((short) shard).put(blobId.toBytes())
                .put(typeCode(type)).array();
    }

    private static byte[] blobKey(byte table, BlobId blobId) {
        return ByteBuffer.allocate(1 + BlobId.LENGTH).put(table).put(blobId.toBytes()).array();
    }

    private static byte[] storeMeta(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + bytes.length).put(STORE_META).put(bytes).array();
    }
}
