package org.facilitymonitor.telemetry;

import java.util.Map;

/**
 * InfluxDB line protocol for the ingest hot path. The series key (measurement and sorted tags) of
 * each point is built once per registry version; a reading then only appends its field, the batch
 * seq and its timestamp. Names come from the validated registry, but are escaped all the same.
 */
public final class LineProtocol {

    /** Integer field carrying the batch sequence number, so stored = distinct (edge, seq) can be counted. */
    public static final String SEQ_FIELD = "seq";

    private LineProtocol() {
    }

    public static String seriesKey(String measurement, Map<String, String> sortedTags) {
        StringBuilder key = new StringBuilder(measurement.length() + sortedTags.size() * 24);
        escape(key, measurement, false);
        sortedTags.forEach((name, value) -> {
            key.append(',');
            escape(key, name, true);
            key.append('=');
            escape(key, value, true);
        });
        return key.toString();
    }

    /** A float field line: {@code <series> <field>=<value>,seq=<seq>i <ts>} (ms precision). */
    public static String floatLine(String seriesKey, String field, double value, long seq, long timestampMs) {
        return start(seriesKey, field).append(value).append(',').append(SEQ_FIELD).append('=').append(seq)
                .append("i ").append(timestampMs).toString();
    }

    /** An integer field line, used for state points (on/off as 1/0, or a state code). */
    public static String integerLine(String seriesKey, String field, long value, long seq, long timestampMs) {
        return start(seriesKey, field).append(value).append("i,").append(SEQ_FIELD).append('=').append(seq)
                .append("i ").append(timestampMs).toString();
    }

    /** The start of every line of a series' field: {@code <series> <field>=}. */
    public static String linePrefix(String seriesKey, String field) {
        return start(seriesKey, field).toString();
    }

    /** What follows a value in every line of a batch: {@code ,seq=<seq>i } (timestamp next). */
    public static byte[] seqSuffix(long seq) {
        return (',' + SEQ_FIELD + '=' + seq + "i ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static StringBuilder start(String seriesKey, String field) {
        StringBuilder line = new StringBuilder(seriesKey.length() + field.length() + 48);
        line.append(seriesKey).append(' ');
        escape(line, field, true);
        return line.append('=');
    }

    private static void escape(StringBuilder out, String text, boolean escapeEquals) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == ' ' || (escapeEquals && c == '=') || c == '\\') {
                out.append('\\');
            }
            if (c == '\n' || c == '\r') {
                out.append(' ');
                continue;
            }
            out.append(c);
        }
    }
}
