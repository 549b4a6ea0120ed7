package io.floe.cli;

import io.floe.client.TransferProgress;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for {@code store} and {@code read}: bytes moved of the total, percent and rate,
 * redrawn in place at most every {@link #REDRAW_NANOS}; once an upload is sent it says the cluster is at work.
 * {@link #forTerminal} gives one only on a terminal and without {@code --json}, so scripts and logs see none.
 */
final class ProgressBar implements TransferProgress, AutoCloseable {
    static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final boolean enabled;
    private final PrintWriter err;
    private final String label;
    private final String doneText;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDraw = Long.MIN_VALUE;
    private int drawnLength;
    private boolean finished;

    ProgressBar(boolean enabled, PrintWriter err, String label, String doneText, LongSupplier nanoTime) {
        this.enabled = enabled;
        this.err = err;
        this.label = label;
        this.doneText = doneText;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    /**
     * A bar labelled {@code label} when stderr is a terminal (the JVM has a console) and {@code json} is off;
     * otherwise one that draws nothing. {@code doneText} replaces the rate once every byte has moved (e.g.
     * "certifying").
     */
    static ProgressBar forTerminal(PrintWriter err, String label, String doneText, boolean json) {
        return new ProgressBar(!json && onTerminal(), err, label, doneText, System::nanoTime);
    }

    /**
     * Whether this process runs on a terminal: up to JDK 21 a console exists only then; from JDK 22 one always
     * exists and {@code Console.isTerminal()} tells (called reflectively, since floe is built for Java 17).
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void update(long done, long total) {
        if (!enabled || finished) {
            return;
        }
        long now = nanoTime.getAsLong();
        boolean complete = total >= 0 && done >= total;
        if (!complete && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(render(done, total, now - started));
    }

    /** The line for {@code done} of {@code total} bytes after {@code elapsedNanos}. */
    String render(long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        String rate = seconds <= 0 || done == 0 ? "" : Sizes.human((long) (done / seconds)) + "/s";
        if (total < 0) {
            return label + "  " + Sizes.human(done) + "  " + rate;
        }
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
        String tail = done >= total && doneText != null ? doneText : rate;
        return String.format(Locale.ROOT, "%s %s %s / %s %3d%%  %s", label, bar, Sizes.human(done),
                Sizes.human(total), Math.round(fraction * 100), tail);
    }

    private void draw(String line) {
        String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
        err.print("\r" + line + padding);
        err.flush();
        drawnLength = line.length();
    }

    /** Wipes the bar so that the summary line that follows starts on a clean line. */
    @Override
    public synchronized void close() {
        if (!finished && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
        }
        finished = true;
    }
}
