package io.floe.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import picocli.CommandLine;

/** Byte counts for people: binary units with one decimal ({@code 1.0 MiB}), next to the exact count. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /**
     * Parses a byte count with an optional binary unit: {@code 1024}, {@code 64KiB}, {@code 1 MiB}, {@code 2g},
     * {@code 1.5GiB} ({@code K}, {@code KB} and {@code KiB} all mean 1024 bytes); a fraction is rounded down to
     * whole bytes.
     */
    static long parse(String text) {
        String value = text.trim();
        int split = 0;
        while (split < value.length() && (Character.isDigit(value.charAt(split)) || value.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("expected a number of bytes with an optional unit, e.g. 1MiB");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.substring(0, split) + "' is not a number; pass e.g. 64MiB");
        }
        String unit = value.substring(split).trim().toLowerCase(Locale.ROOT);
        int power = switch (unit) {
            case "", "b" -> 0;
            case "k", "kb", "kib" -> 1;
            case "m", "mb", "mib" -> 2;
            case "g", "gb", "gib" -> 3;
            case "t", "tb", "tib" -> 4;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'; use KiB, MiB, GiB or TiB");
        };
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.DOWN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(text.trim() + " is more bytes than floe can count");
        }
        return bytes.longValueExact();
    }

    /** Lets an option take a size such as {@code 64MiB}; a bad one is a usage error that shows an example. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size: " + e.getMessage());
            }
        }
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
