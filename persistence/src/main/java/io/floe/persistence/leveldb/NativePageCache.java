package io.floe.persistence.leveldb;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link PageCache} through libc's {@code posix_fadvise} (JNA direct mapping), on Linux only.
 *
 * <p>Why: a storage node writes every sliver once and reads back mostly those of recent blobs (which the sliver log
 * leaves cached), yet each written page stays in the page cache until memory runs short, so every write takes a page
 * the kernel has never handed out before. In a
 * virtual machine the first touch of such a page costs a fault in the hypervisor as well: on the benchmark machine
 * writing 1 GiB of fresh pages took 1.5–2.5 s of system time, and the same with each written range dropped once
 * synced 0.2 s ({@code dd oflag=dsync} against {@code oflag=dsync,nocache}), because the dropped pages are handed out
 * again. It also keeps a node's written slivers from pushing its LevelDB tables out of the cache.
 *
 * <p>{@code posix_fadvise} wants a descriptor of the file, which a {@link java.nio.channels.FileChannel} does not
 * expose, so the file is opened read-only for the call; advice is per file, whichever descriptor gives it.
 */
final class NativePageCache implements PageCache {
    static final NativePageCache INSTANCE = new NativePageCache();

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final System.Logger LOG = System.getLogger(NativePageCache.class.getName());
    private static final boolean AVAILABLE = register();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private NativePageCache() {
    }

    private static boolean register() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(NativePageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "written slivers stay in the page cache: cannot bind libc's"
                    + " posix_fadvise (" + e.getMessage() + ")");
            return false;
        }
    }

    /** Whether libc was bound (Linux, JNA's native library loaded). */
    static boolean available() {
        return AVAILABLE;
    }

    private static native int open(String path, int flags);

    private static native int posix_fadvise(int fd, long offset, long length, int advice);

    private static native int close(int fd);

    @Override
    public void dropSynced(Path file, long offset, long length) {
        if (length <= 0) {
            return;
        }
        int fd = open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            // Deleted since (a compacted or emptied segment): its pages are gone with it.
            return;
        }
        try {
            int error = posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
            if (error != 0) {
                warnOnce(file, "posix_fadvise returned " + error);
            }
        } finally {
            close(fd);
        }
    }

    private static void warnOnce(Path file, String what) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "cannot drop synced pages of " + file + " from the page cache ("
                    + what + "); further failures are not logged");
        }
    }
}
