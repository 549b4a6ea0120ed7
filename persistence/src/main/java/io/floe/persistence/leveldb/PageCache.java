package io.floe.persistence.leveldb;

import java.nio.file.Path;

/**
 * Tells the operating system that file pages already on disk will not be read soon, so that it frees them from its
 * page cache ({@code posix_fadvise(POSIX_FADV_DONTNEED)}; see {@link NativePageCache}). Best effort: the advice can
 * neither lose data nor fail a write, since it is given only for bytes an fsync has made durable.
 */
interface PageCache {
    /** Gives no advice: the page cache keeps what the kernel chooses to keep. */
    PageCache KEEP = (file, offset, length) -> {
    };

    /** Advises that {@code length} bytes of {@code file} from {@code offset}, all synced, need not stay cached. */
    void dropSynced(Path file, long offset, long length);

    /** The native advice where it can be given (Linux with JNA's libc binding), otherwise {@link #KEEP}. */
    static PageCache system() {
        return NativePageCache.available() ? NativePageCache.INSTANCE : KEEP;
    }
}
