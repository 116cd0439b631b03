package org.facilitymonitor.energy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The lengths consumption is rolled up to, on the site's local calendar: a local day runs from
 * local midnight to the next (23 or 25 hours on DST days), a month from the 1st to the 1st. Every
 * UTC offset in use is a multiple of 15 minutes, so local quarter hours are UTC quarter hours.
 */
public enum IntervalLength {
    QUARTER_HOUR("15m"), HOUR("1h"), DAY("1d"), MONTH("1mo"), YEAR("1y");

    private final String code;

    IntervalLength(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The InfluxDB measurement the rollups of this length are stored in. */
    public String measurement() {
        return "consumption_" + code;
    }

    public static Optional<IntervalLength> fromCode(String code) {
        return Arrays.stream(values()).filter(l -> l.code.equals(code)).findFirst();
    }

    /** The start of the interval that contains {@code t}. */
    public ZonedDateTime start(ZonedDateTime t) {
        return switch (this) {
            case QUARTER_HOUR -> t.withMinute(t.getMinute() - t.getMinute() % 15).truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.toLocalDate().atStartOfDay(t.getZone());
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(t.getZone());
            case YEAR -> t.toLocalDate().withDayOfYear(1).atStartOfDay(t.getZone());
        };
    }

    /** The start of the interval after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case QUARTER_HOUR -> start.plusMinutes(15);
            case HOUR -> start.plusHours(1);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
            case YEAR -> start.toLocalDate().plusYears(1).atStartOfDay(start.getZone());
        };
    }

    /** Every interval of this length that overlaps [from, to), in order. */
    public List<Interval> covering(ZoneId zone, Instant from, Instant to) {
        List<Interval> intervals = new ArrayList<>();
        ZonedDateTime start = start(from.atZone(zone));
        while (start.toInstant().isBefore(to)) {
            ZonedDateTime end = next(start);
            intervals.add(new Interval(start.toInstant(), end.toInstant()));
            start = end;
        }
        return intervals;
    }

    /** A half-open span of time [start, end). */
    public record Interval(Instant start, Instant end) {
        public long startMs() {
            return start.toEpochMilli();
        }

        public long endMs() {
            return end.toEpochMilli();
        }
    }
}
