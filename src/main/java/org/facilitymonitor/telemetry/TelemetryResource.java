package org.facilitymonitor.telemetry;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.facilitymonitor.assets.Bounds;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.assets.RegistryService.PageRequest;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.telemetry.TelemetryViews.History;
import org.facilitymonitor.telemetry.TelemetryViews.LatestValue;

@Path("/api/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class TelemetryResource {

    private static final java.util.regex.Pattern INTERVAL = java.util.regex.Pattern.compile("([1-9][0-9]{0,6})(s|m|h|d)");

    @Inject
    RegistryService registry;
    @Inject
    TelemetryQueries queries;
    @Inject
    UsageCounters usage;
    @Inject
    Clock clock;
    @Inject
    TelemetryConfig config;
    @Inject
    CurrentUser user;

    @GET
    @Path("/points/{id}/latest")
    public LatestValue latest(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return queries.latest(point(id));
    }

    /** Latest value of every point of an asset. */
    @GET
    @Path("/assets/{id}/latest")
    public List<LatestValue> assetLatest(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.asset(id).filter(a -> user.maySee(a.site()))
                .orElseThrow(() -> ProblemException.notFound("asset", id));
        int max = config.maxLatestPoints();
        var points = registry.points(new QueryFilter().eq("assetId", id), user.sites(), new PageRequest(0, max + 1));
        if (points.total() > max) {
            throw Bounds.tooLarge("id", "asset '" + id + "' has " + points.total() + " points, more than the " + max
                    + " read at once: read them one by one with /api/telemetry/points/{id}/latest");
        }
        return points.items().stream().map(queries::latest).toList();
    }

    /**
     * Readings over [from, to): ISO-8601 instants, default the last 24 hours; {@code interval} such as
     * 30s, 5m, 1h or 1d aggregates with {@code agg} (mean, min, max, last, first, sum, count); without
     * an interval the raw readings are returned.
     */
    @GET
    @Path("/points/{id}/history")
    public History history(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval,
            @QueryParam("agg") @DefaultValue("mean") String agg) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : instant("from", from);
        Aggregation aggregation = Aggregation.parse(agg).orElseThrow(() -> ProblemException.badRequest(
                "'agg' must be one of mean, min, max, last, first, sum, count"));
        return queries.history(point(id), start, end, interval(interval), aggregation);
    }

    public record Usage(String point, Instant from, Instant to, String measure, double value, String unit) {
    }

    /**
     * Usage over [from, to) (default the last 30 days) for usage-based maintenance: {@code runHours}
     * or {@code starts} of a state point, {@code consumption} of a cumulative point (resets skipped).
     */
    @GET
    @Path("/points/{id}/usage")
    public Usage usage(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            @QueryParam("measure") String measure, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("threshold") Double threshold, @QueryParam("maxGap") String maxGap) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from);
        PointView p = point(id);
        if (start.isBefore(end)) {
            TelemetryQueries.requireRange(start, end, config.maxQueryRange());
        }
        if ("instantaneous".equals(p.kind()) && (measure == null || measure.equals("runHours") || measure.equals("starts"))) {
            if (threshold == null || !Double.isFinite(threshold)) {
                throw ProblemException.badRequest("'" + id + "' is an analog point: give 'threshold' (e.g. a motor runs"
                        + " above 2 A) to derive run hours or starts from it");
            }
            Duration gap = Duration.ofMinutes(15);
            if (maxGap != null) {
                try {
                    gap = interval(maxGap).orElse(gap);
                } catch (ProblemException e) {
                    throw ProblemException.badRequest("'maxGap' must be a number and a unit s, m, h or d, such as 15m");
                }
            }
            UsageCounters.AboveThreshold above = usage.aboveThreshold(p, threshold, gap, start, end);
            return "starts".equals(measure) ? new Usage(id, start, end, "starts", above.starts(), "")
                    : new Usage(id, start, end, "runHours", above.hours(), "h");
        }
        if (measure == null) {
            measure = "cumulative".equals(p.kind()) ? "consumption" : "runHours";
        }
        return switch (measure) {
            case "runHours" -> new Usage(id, start, end, measure, usage.runHours(p, start, end), "h");
            case "starts" -> new Usage(id, start, end, measure, usage.starts(p, start, end), "");
            case "consumption" -> new Usage(id, start, end, measure, usage.consumption(p, start, end), p.unit());
            default -> throw ProblemException.badRequest("'measure' must be runHours, starts or consumption, was '"
                    + measure + "'");
        };
    }

    private PointView point(String id) {
        return registry.point(id).filter(p -> user.maySee(p.site()))
                .orElseThrow(() -> ProblemException.notFound("point", id));
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-01-15T10:00:00Z");
        }
    }

    private static Optional<Duration> interval(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches()) {
            throw ProblemException.badRequest("'interval' must be a number and a unit s, m, h or d, such as 5m");
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }
}
