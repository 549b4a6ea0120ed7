package io.floe.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** One in-process run of the {@code floe} command line, as {@link FloeCli#main} would run it, with its output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FloeCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /**
     * Runs the shaded {@code floe.jar} as a separate process, as a user would (failsafe sets the {@code floe.jar}
     * property); output goes through files in {@code dir}; a run longer than 180 s is killed and fails the test.
     */
    static CliRun ofJar(Path dir, String... args) throws IOException, InterruptedException {
        return ofJar(dir, java.util.Map.of(), args);
    }

    /** {@link #ofJar(Path, String...)} with more environment variables for the process. */
    static CliRun ofJar(Path dir, java.util.Map<String, String> environment, String... args) throws IOException,
            InterruptedException {
        String jar = System.getProperty("floe.jar");
        if (jar == null) {
            fail("system property floe.jar is not set; run this test with 'mvn verify' (failsafe sets it)");
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: floe " + String.join(" ", args));
        }
        return new CliRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The lines written to stderr. */
    String[] errLines() {
        return err.lines().toArray(String[]::new);
    }
}
