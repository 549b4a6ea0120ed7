package io.floe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar of {@code store} and {@code read}: what a line says, how often it is redrawn, and its wiping. */
class ProgressBarTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private ProgressBar bar(boolean enabled, String doneText) {
        return new ProgressBar(enabled, new PrintWriter(text, true), "a.bin", doneText, now::get);
    }

    @Test
    void aLineShowsBytesOfTheTotalPercentAndRate() {
        ProgressBar bar = bar(true, null);
        assertEquals("a.bin [######..................] 16.0 MiB / 64.0 MiB  25%  8.0 MiB/s",
                bar.render(16L << 20, 64L << 20, 2_000_000_000L));
        assertEquals("a.bin  3.0 KiB  1.5 KiB/s", bar.render(3072, -1, 2_000_000_000L));
    }

    @Test
    void onceEveryByteIsSentItSaysWhatComesNext() {
        ProgressBar bar = bar(true, "sent; certifying");
        assertTrue(bar.render(100, 100, 1).endsWith("100 bytes / 100 bytes 100%  sent; certifying"),
                bar.render(100, 100, 1));
    }

    @Test
    void redrawsInPlaceAtMostFiveTimesASecondAndWipesItselfWhenClosed() {
        ProgressBar bar = bar(true, null);
        now.addAndGet(1_000_000_000L);
        bar.update(1024, 4096);
        bar.update(2048, 4096); // too soon: skipped
        now.addAndGet(ProgressBar.REDRAW_NANOS);
        bar.update(3072, 4096);
        bar.update(4096, 4096); // complete: always drawn
        String drawn = text.toString();
        assertEquals(3, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.contains(" 25% ") && drawn.contains(" 75% ") && drawn.contains("100%"), drawn);
        assertTrue(!drawn.contains(" 50% "), drawn);

        bar.close();
        String closed = text.toString();
        assertTrue(closed.endsWith("\r") && closed.substring(drawn.length()).isBlank(), "the line is blanked out");
        now.addAndGet(ProgressBar.REDRAW_NANOS);
        bar.update(4096, 4096);
        assertEquals(closed, text.toString(), "nothing is drawn after close");
    }

    @Test
    void aDisabledBarDrawsNothing() {
        try (ProgressBar bar = bar(false, null)) {
            bar.update(1, 2);
            bar.update(2, 2);
        }
        assertEquals("", text.toString());
    }
}
