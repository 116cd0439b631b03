package org.facilitymonitor.telemetry;

import java.time.Instant;
import java.util.List;

/** What the telemetry read endpoints return. */
public final class TelemetryViews {

    private TelemetryViews() {
    }

    /** The newest stored reading of a point; {@code ts} and {@code value} are null when none is stored yet. */
    public record LatestValue(String point, String asset, String quantity, String unit, String kind, Instant ts,
            Number value) {
    }

    public record Sample(Instant ts, Number value) {
    }

    /** Readings of a point over [from, to), aggregated per interval (or raw when no interval was asked). */
    public record History(String point, String unit, String kind, Instant from, Instant to, String interval,
            String aggregation, List<Sample> samples) {
    }
}
