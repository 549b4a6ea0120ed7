package io.floe.cli;

import java.util.Locale;

/** Byte counts for people: binary units with one decimal ({@code 1.0 MiB}), next to the exact count. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /** {@code 11 bytes} below 1 KiB, otherwise e.g. {@code 1.0 MiB (1048576 bytes)}. */
    static String describe(long bytes) {
        String human = human(bytes);
        return bytes < 1024 ? human : human + " (" + bytes + " bytes)";
    }

    /** {@code 11 bytes} below 1 KiB, otherwise e.g. {@code 1.0 MiB}. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // 1023.95 and above would print as "1024.0"; show it in the next unit instead.
        while (value >= 1023.95 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
