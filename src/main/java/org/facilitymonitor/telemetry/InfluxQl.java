package org.facilitymonitor.telemetry;

import java.time.Duration;
import java.time.Instant;

/**
 * Quoting for InfluxQL. The client library has no bound parameters for InfluxQL, so every
 * identifier and literal that reaches a query goes through here, even when it was validated before.
 */
public final class InfluxQl {

    private InfluxQl() {
    }

    /** A double-quoted identifier (measurement, field, tag key). */
    public static String identifier(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A single-quoted string literal (tag value). */
    public static String string(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }

    /** An absolute time literal in epoch milliseconds. */
    public static String time(Instant instant) {
        return instant.toEpochMilli() + "ms";
    }

    /** A duration literal in whole seconds (GROUP BY time(...)). */
    public static String duration(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
