package io.floe.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelDbNativeLibraryTest {
    @TempDir
    Path base;

    private static byte[] jarCopy() throws IOException {
        try (InputStream in = LevelDbNativeLibraryTest.class.getClassLoader()
                .getResourceAsStream("META-INF/native/linux64/libleveldbjni.so")) {
            return in.readAllBytes();
        }
    }

    @Test
    void installsTheJarsLibraryOnceInADirectoryOnlyItsOwnerMayUse() throws IOException {
        Path directory = LevelDbNativeLibrary.install(base).orElseThrow();
        Path file = directory.resolve("libleveldbjni.so");

        assertEquals(base, directory.getParent());
        assertArrayEquals(jarCopy(), Files.readAllBytes(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);

        assertEquals(directory, LevelDbNativeLibrary.install(base).orElseThrow());
        assertEquals(old, Files.getLastModifiedTime(file), "an intact copy is not written again");
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void replacesACopyThatDiffersFromTheJars() throws IOException {
        Path file = LevelDbNativeLibrary.install(base).orElseThrow().resolve("libleveldbjni.so");
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F'});

        LevelDbNativeLibrary.install(base);

        assertArrayEquals(jarCopy(), Files.readAllBytes(file));
    }

    @Test
    void refusesADirectoryOthersMayWrite() throws IOException {
        Path shared = Files.createDirectory(base.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        IOException e = assertThrows(IOException.class, () -> LevelDbNativeLibrary.install(shared));

        assertTrue(e.getMessage().contains("may be written by others"), e.getMessage());
        try (Stream<Path> files = Files.list(shared)) {
            assertEquals(0, files.count(), "nothing is written into it");
        }
    }

    /**
     * A process that opens node storage and then dies without running its exit hooks, as a node killed by a signal
     * does, leaves no copy of the library in its temporary directory: it loaded the shared one.
     */
    @Test
    void aKilledProcessLeavesNoCopyOfTheLibraryBehind() throws Exception {
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        Path data = base.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + tmp, OpenAndHalt.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ends");

        assertEquals(OpenAndHalt.EXIT, process.exitValue(), output);
        try (Stream<Path> files = Files.list(tmp)) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertEquals(List.of(LevelDbNativeLibrary.sharedDirectoryName()), names, output);
        }
        assertFalse(Files.list(data).findAny().isEmpty(), "the storage was opened");
    }

    /** Opens node storage in {@code args[0]} and halts, skipping shutdown hooks and delete-on-exit. */
    public static final class OpenAndHalt {
        static final int EXIT = 42;

        public static void main(String[] args) throws IOException {
            LevelDbNodeStorage.open(LevelDbSettings.defaults(Path.of(args[0])));
            System.out.println("library path " + System.getProperty(LevelDbNativeLibrary.PATH_PROPERTY));
            Runtime.getRuntime().halt(EXIT);
        }
    }
}
