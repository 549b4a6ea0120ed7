package io.floe.persistence;

import io.floe.protocol.BlobId;
import java.util.List;
import java.util.Optional;

/** What a node knows about each blob's lifecycle ({@link BlobInfo}), keyed by blob ID. */
public interface BlobInfoStore {

    /** Stores {@code info} for {@code blobId}, replacing what was there. */
    void put(BlobId blobId, BlobInfo info);

    /**
     * The info stored for {@code blobId}, or empty.
     *
     * @throws CorruptValueException when the stored bytes fail their checksum or do not parse
     */
    Optional<BlobInfo> get(BlobId blobId);

    /** Deletes the info of {@code blobId}; deleting nothing is not an error. */
    void delete(BlobId blobId);

    /**
     * One page of stored infos in ascending blob-ID order, starting after {@code after} (exclusive; {@code null} for
     * the first page), at most {@code limit} of them.
     *
     * @throws CorruptValueException when an info on the page is corrupt; its {@link CorruptValueException#blobId()}
     *     says which, so the caller can repair it or resume after it
     */
    List<BlobInfoEntry> list(BlobId after, int limit);

    /**
     * One page of the infos whose {@link BlobInfo#endEpoch() end epoch} is at most {@code epoch}, for garbage
     * collection: ordered by end epoch, then blob ID, starting after the entry {@code after} (exclusive; {@code null}
     * for the first page), at most {@code limit} of them.
     *
     * @throws CorruptValueException when an info on the page is corrupt (see {@link #list})
     */
    List<BlobInfoEntry> expiredBy(long epoch, BlobInfoEntry after, int limit);

    /** The first page of {@link #expiredBy(long, BlobInfoEntry, int)}. */
    default List<BlobInfoEntry> expiredBy(long epoch, int limit) {
        return expiredBy(epoch, null, limit);
    }

    /** The number of blobs with a stored info. */
    long count();
}
