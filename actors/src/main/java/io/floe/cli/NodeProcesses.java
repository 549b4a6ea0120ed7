package io.floe.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Starting, probing and stopping node processes of a local cluster, with bounded waits. */
final class NodeProcesses {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private NodeProcesses() {
    }

    /** Whether {@code GET url} answers 200 within two seconds. */
    static boolean answers(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The live process with this pid if it is a floe node; empty if it is gone or is some other program. */
    static Optional<ProcessHandle> floeNode(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains("floe")).orElse(true));
    }

    /**
     * Sends SIGTERM to every process, waits up to {@code timeout} for all of them to exit, then SIGKILLs the rest
     * and waits up to 10 s more; returns the processes that had to be killed.
     */
    static List<ProcessHandle> stop(List<ProcessHandle> processes, Duration timeout) {
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            pause();
        }
        List<ProcessHandle> killed = processes.stream().filter(ProcessHandle::isAlive).toList();
        killed.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (killed.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < killDeadline) {
            pause();
        }
        return killed;
    }

    /** The last {@code lines} lines of a log, to show with a failure. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits between two polls of a bounded loop. */
    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILURE, "interrupted");
        }
    }
}
