package org.facilitymonitor.edge.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 500ms 10s 2m 1h 7d}, a bare number is seconds, or ISO {@code PT10S}) and byte sizes ({@code 512MB}). */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?");

    private Units() {
    }

    /** The duration, or null when {@code v} is not one. */
    public static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double ms = switch (unit) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                case "d" -> n * 86_400_000;
                default -> n * 1_000;
            };
            return Duration.ofMillis(Math.round(ms));
        }
        try {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Bytes of a size like {@code 512MB} (binary multiples: MB = MiB), or -1 when {@code v} is not one. */
    public static long parseBytes(String v) {
        Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long mult = switch (unit) {
            case "kb", "kib", "k" -> 1L << 10;
            case "mb", "mib", "m" -> 1L << 20;
            case "gb", "gib", "g" -> 1L << 30;
            default -> 1;
        };
        return Math.round(n * mult);
    }
}
