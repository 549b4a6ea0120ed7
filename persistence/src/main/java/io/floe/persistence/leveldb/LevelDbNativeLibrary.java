package io.floe.persistence.leveldb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.fusesource.hawtjni.runtime.Library;
import org.fusesource.leveldbjni.internal.NativeDB;

/**
 * Where LevelDB JNI's native library is loaded from: one copy per user and library version, instead of HawtJNI's
 * default of a fresh copy in the temporary directory for every JVM.
 *
 * <p>Why: HawtJNI extracts {@code libleveldbjni.so} from the jar into {@code java.io.tmpdir} under a random name at
 * every start and deletes it only at a normal exit, so every node killed by a signal (a crash, {@code kill -9}, the
 * fault tests) left 750 KB behind in {@code /tmp}. Here the library goes once into
 * {@code <dir>/<SHA-256 prefix>/libleveldbjni.so}; {@code library.leveldbjni.path} then points HawtJNI at it, which
 * loads a file found there without extracting anything. The directory is created readable by its owner only, an
 * existing one is used only when it belongs to this user and nobody else may write to it, and a file whose digest
 * differs from the jar's copy (truncated by a crash, say) is replaced before it is loaded. When any of that fails, or
 * the jar has no library for this platform, or {@code library.leveldbjni.path} is already set, HawtJNI's own
 * loading is left as it is.
 */
public final class LevelDbNativeLibrary {
    /** The system property HawtJNI reads for a directory holding the library. */
    public static final String PATH_PROPERTY = "library.leveldbjni.path";

    private static final System.Logger LOG = System.getLogger(LevelDbNativeLibrary.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static boolean prepared;

    private LevelDbNativeLibrary() {
    }

    /**
     * Points HawtJNI at the shared copy under {@code java.io.tmpdir/floe-native-<user>}, creating it if needed; does
     * nothing after the first call. Call it before LevelDB JNI is first used (opening a database loads the library).
     */
    public static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), sharedDirectoryName());
        try {
            install(base).ifPresent(directory -> System.setProperty(PATH_PROPERTY, directory.toString()));
        } catch (IOException | UncheckedIOException | SecurityException | UnsupportedOperationException e) {
            // UnsupportedOperationException: a file system without POSIX permissions.
            LOG.log(System.Logger.Level.WARNING, "LevelDB JNI extracts its native library into the temporary"
                    + " directory at every start: cannot use " + base + " (" + e.getMessage() + ")");
        }
    }

    /** {@code floe-native-<user>}, the user name reduced to characters safe in a file name. */
    static String sharedDirectoryName() {
        return "floe-native-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Makes sure {@code base/<digest>/libleveldbjni.so} holds this platform's library from the jar; returns that
     * directory, or empty when the jar has none for this platform.
     *
     * @throws IOException when the directory cannot be created, is not this user's own, or the file cannot be written
     */
    static Optional<Path> install(Path base) throws IOException {
        Library library = new Library("leveldbjni", NativeDB.class);
        String resource = library.getPlatformSpecifcResourcePath();
        byte[] bytes;
        try (InputStream in = NativeDB.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        }
        byte[] digest = sha256(bytes);
        Path directory = base.resolve(HexFormat.of().formatHex(digest, 0, 8));
        privateDirectory(base);
        privateDirectory(directory);
        Path file = directory.resolve(library.getLibraryFileName());
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && MessageDigest.isEqual(sha256(Files.readAllBytes(file)), digest)) {
            return Optional.of(directory);
        }
        Path temporary = Files.createTempFile(directory, "libleveldbjni-", ".tmp");
        try {
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return Optional.of(directory);
    }

    /** Creates {@code directory} for this user alone, or checks that an existing one is this user's alone. */
    private static void privateDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Checked below.
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " is not a directory");
        }
        String owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(directory + " belongs to " + owner);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(directory + " may be written by others (" + PosixFilePermissions.toString(
                    permissions) + ")");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
