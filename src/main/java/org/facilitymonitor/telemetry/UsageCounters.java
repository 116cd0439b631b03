package org.facilitymonitor.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.facilitymonitor.assets.Bounds;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.platform.ProblemException;

/**
 * Usage of equipment from its stored telemetry, for usage-based maintenance: run hours and starts
 * of a state point, consumption of a cumulative register, over a time range. Computed by InfluxDB
 * from all stored readings, so every service instance gets the same answer whichever share of the
 * data it consumed, and backfilled data counts too.
 */
@ApplicationScoped
public class UsageCounters {

    @Inject
    InfluxQlReader reader;
    @Inject
    TelemetryConfig config;

    /**
     * Hours a state point was on: the time integral of its 0/1 value (InfluxDB interpolates linearly
     * between readings, so each switch costs up to half a sample period of error).
     */
    public double runHours(PointView point, Instant from, Instant to) {
        requireKind(point, "state", "run hours");
        return reader.single("SELECT integral(" + InfluxQl.identifier(point.field()) + ", 1h) AS \"value\"" + where(point, from, to));
    }

    /** Off→on transitions of a state point. */
    public long starts(PointView point, Instant from, Instant to) {
        requireKind(point, "state", "starts");
        return Math.round(reader.single("SELECT count(\"d\") AS \"value\" FROM (SELECT difference("
                + InfluxQl.identifier(point.field()) + ") AS \"d\"" + where(point, from, to) + ") WHERE \"d\" > 0"));
    }

    /**
     * What a cumulative register counted: the sum of its increases. A step down (meter reset, rollover,
     * replacement) is skipped, so consumption restarts from the new register instead of going negative.
     */
    public double consumption(PointView point, Instant from, Instant to) {
        requireKind(point, "cumulative", "consumption");
        return reader.single("SELECT sum(\"d\") AS \"value\" FROM (SELECT non_negative_difference("
                + InfluxQl.identifier(point.field()) + ") AS \"d\"" + where(point, from, to) + ")");
    }

    /** A counter derived from an analog point: time spent above a threshold and the times it went above. */
    public record AboveThreshold(double hours, long starts, long readings) {
    }

    /**
     * Run hours and starts of equipment judged by an analog point (e.g. a motor running when its
     * current is above 2 A): each reading's state holds until the next reading, but never longer
     * than {@code maxGap} (a silent sensor is not a running motor). Reads the raw readings, at most
     * {@code fm.telemetry.max-query-points}: ask for a shorter range beyond that.
     */
    public AboveThreshold aboveThreshold(PointView point, double threshold, Duration maxGap, Instant from, Instant to) {
        requireKind(point, "instantaneous", "run hours above a threshold");
        String query = "SELECT " + InfluxQl.identifier(point.field()) + " AS \"value\"" + where(point, from, to)
                + " ORDER BY time ASC LIMIT " + (config.maxQueryPoints() + 1);
        long onMs = 0;
        long starts = 0;
        long readings = 0;
        long lastTs = Long.MIN_VALUE;
        boolean lastOn = false;
        for (InfluxQlReader.Row row : reader.rows(query)) {
            readings++;
            if (readings > config.maxQueryPoints()) {
                throw Bounds.tooLarge("from", "more than " + config.maxQueryPoints() + " readings in this range;"
                        + " ask for a shorter one");
            }
            boolean on = row.asDouble() > threshold;
            if (lastTs != Long.MIN_VALUE) {
                if (lastOn) {
                    onMs += Math.min(row.timeMs() - lastTs, maxGap.toMillis());
                }
                if (on && !lastOn) {
                    starts++;
                }
            }
            lastTs = row.timeMs();
            lastOn = on;
        }
        if (lastOn) {
            onMs += Math.min(to.toEpochMilli() - lastTs, maxGap.toMillis());
        }
        return new AboveThreshold(onMs / 3_600_000.0, starts, readings);
    }

    private static void requireKind(PointView point, String kind, String what) {
        if (!kind.equals(point.kind())) {
            throw ProblemException.badRequest(what + " needs a " + kind + " point; '" + point.id() + "' is " + point.kind());
        }
    }

    private static String where(PointView point, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return " FROM " + InfluxQl.identifier(point.measurement()) + " WHERE \"point\" = " + InfluxQl.string(point.id())
                + " AND time >= " + InfluxQl.time(from) + " AND time < " + InfluxQl.time(to);
    }
}
