package org.facilitymonitor.telemetry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.facilitymonitor.assets.Bounds;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.telemetry.TelemetryViews.History;
import org.facilitymonitor.telemetry.TelemetryViews.LatestValue;
import org.facilitymonitor.telemetry.TelemetryViews.Sample;

/** Latest values and histories of points, read from InfluxDB with InfluxQL. */
@ApplicationScoped
public class TelemetryQueries {

    @Inject
    InfluxQlReader reader;
    @Inject
    TelemetryConfig config;

    public LatestValue latest(PointView point) {
        String query = "SELECT last(" + InfluxQl.identifier(point.field()) + ") AS \"value\" FROM "
                + InfluxQl.identifier(point.measurement()) + " WHERE \"point\" = " + InfluxQl.string(point.id());
        List<Sample> samples = run(query, point.kind());
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        return new LatestValue(point.id(), point.asset(), point.quantity(), point.unit(), point.kind(),
                last == null ? null : last.ts(), last == null ? null : last.value());
    }

    /**
     * @param interval empty for raw readings
     * @throws ProblemException 422 when the range or the number of rows it asks for is too large
     */
    public History history(PointView point, Instant from, Instant to, Optional<Duration> interval,
            Aggregation aggregation) {
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        Duration range = Duration.between(from, to);
        requireRange(from, to, config.maxQueryRange());
        String where = " FROM " + InfluxQl.identifier(point.measurement()) + " WHERE \"point\" = "
                + InfluxQl.string(point.id()) + " AND time >= " + InfluxQl.time(from) + " AND time < "
                + InfluxQl.time(to);
        String query;
        if (interval.isPresent()) {
            long rows = range.toMillis() / Math.max(1, interval.get().toMillis());
            if (rows > config.maxQueryPoints()) {
                throw Bounds.tooLarge("interval", "interval " + interval.get() + " over " + range + " gives " + rows
                        + " rows; the limit is " + config.maxQueryPoints() + ": use a longer interval");
            }
            query = "SELECT " + aggregation.function() + "(" + InfluxQl.identifier(point.field()) + ") AS \"value\""
                    + where + " GROUP BY time(" + InfluxQl.duration(interval.get()) + ") fill(none)";
        } else {
            query = "SELECT " + InfluxQl.identifier(point.field()) + " AS \"value\"" + where
                    + " ORDER BY time ASC LIMIT " + (config.maxQueryPoints() + 1);
        }
        List<Sample> samples = run(query, aggregation == Aggregation.COUNT ? "count" : point.kind());
        if (interval.isEmpty() && samples.size() > config.maxQueryPoints()) {
            throw Bounds.tooLarge("interval", "more than " + config.maxQueryPoints()
                    + " raw readings in this range: give an interval to aggregate them");
        }
        return new History(point.id(), point.unit(), point.kind(), from, to,
                interval.map(InfluxQl::duration).orElse(null),
                interval.isPresent() ? aggregation.function() : "raw", samples);
    }

    /** @throws ProblemException 422 naming {@code from} when [from, to) is longer than {@code max} */
    static void requireRange(Instant from, Instant to, Duration max) {
        Duration range = Duration.between(from, to);
        if (range.compareTo(max) > 0) {
            throw Bounds.tooLarge("from", "the range " + range + " is longer than the limit " + max
                    + "; ask for a shorter one");
        }
    }

    private List<Sample> run(String query, String kind) {
        return reader.rows(query).stream()
                .map(row -> new Sample(Instant.ofEpochMilli(row.timeMs()), number(row.value(), kind)))
                .toList();
    }

    private static Number number(String text, String kind) {
        if ("state".equals(kind) || "count".equals(kind)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return Double.parseDouble(text);
            }
        }
        return Double.parseDouble(text);
    }
}
