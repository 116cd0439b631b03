package org.facilitymonitor.energy.rollup;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.registers.IntervalFigures;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/** A meter's consumption per interval, and the calorific values of gas per site. */
@Path("/api/energy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class ConsumptionResource {

    /** Longest range of one consumption query per interval length (at most about 10,000 intervals). */
    static final Map<IntervalLength, Integer> MAX_DAYS = Map.of(IntervalLength.QUARTER_HOUR, 93, IntervalLength.HOUR, 400,
            IntervalLength.DAY, 3660, IntervalLength.MONTH, 36_600, IntervalLength.YEAR, 36_600);
    /** Longest range of one recompute request. */
    static final int MAX_RECOMPUTE_DAYS = 366;

    public record IntervalView(Instant start, Instant end, double value, Double energyKwh, double coverage,
            boolean estimated, int resets, int rollovers) {
        static IntervalView of(IntervalFigures f) {
            return new IntervalView(Instant.ofEpochMilli(f.startMs()), Instant.ofEpochMilli(f.endMs()), f.value(),
                    f.energyKwh(), f.coverage(), f.estimated(), f.resets(), f.rollovers());
        }
    }

    public record ConsumptionView(String point, String carrier, String unit, String interval, String timezone,
            double total, Double totalKwh, int estimatedIntervals, List<IntervalView> intervals) {
    }

    public record CalorificValuesBody(List<CalorificValues.Entry> values) {
    }

    @Inject
    MeterCatalog meters;
    @Inject
    RollupStore store;
    @Inject
    CalorificValues calorific;
    @Inject
    RollupJob job;
    @Inject
    RegistryService registry;
    @Inject
    EnergyAccess access;

    /**
     * {@code from}/{@code to}: a local date (the site's midnight) or an instant; the intervals whose
     * start lies in [from, to).
     */
    @GET
    @Path("/consumption")
    public ConsumptionView consumption(@QueryParam("point") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String point,
            @QueryParam("interval") @DefaultValue("1d") String interval, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        List<FieldError> errors = new ArrayList<>();
        if (point == null) {
            errors.add(new FieldError("point", "is required: a meter point id"));
        }
        IntervalLength length = IntervalLength.fromCode(interval).orElse(null);
        if (length == null) {
            errors.add(new FieldError("interval", "must be one of 15m, 1h, 1d, 1mo, 1y"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("consumption query is invalid", errors);
        }
        access.point(point);
        meters.refreshNow();
        Meter m = meters.meter(point).orElseThrow(() -> registry.point(point).isPresent()
                ? ProblemException.invalid("consumption query is invalid", List.of(new FieldError("point",
                        "'" + point + "' is no meter: a cumulative point with a carrier")))
                : ProblemException.notFound("point", point));
        Instant fromAt = instant("from", from, m.zone(), errors);
        Instant toAt = instant("to", to, m.zone(), errors);
        if (errors.isEmpty() && !fromAt.isBefore(toAt)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        int maxDays = MAX_DAYS.get(length);
        if (errors.isEmpty() && toAt.isAfter(fromAt.atZone(m.zone()).plusDays(maxDays).toInstant())) {
            errors.add(new FieldError("to", "at most " + maxDays + " days after from with " + length.code()
                    + " intervals: use a longer interval or a shorter range"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("consumption query is invalid", errors);
        }
        List<IntervalFigures> figures = store.figures(m, length, fromAt.toEpochMilli(), toAt.toEpochMilli());
        double total = figures.stream().mapToDouble(IntervalFigures::value).sum();
        boolean allKwh = !figures.isEmpty() && figures.stream().allMatch(f -> f.energyKwh() != null);
        Double totalKwh = allKwh ? figures.stream().mapToDouble(IntervalFigures::energyKwh).sum() : null;
        return new ConsumptionView(m.pointId(), m.carrier().tag(), m.carrier().canonicalUnit(), length.code(),
                m.zone().getId(), total, totalKwh, (int) figures.stream().filter(IntervalFigures::estimated).count(),
                figures.stream().map(IntervalView::of).toList());
    }

    @GET
    @Path("/sites/{site}/calorific-values")
    public CalorificValuesBody calorificValues(@PathParam("site") String site) {
        access.site(site);
        return new CalorificValuesBody(calorific.list(site));
    }

    /** Replaces the site's calorific values; gas rollups are recomputed from the first day that changed. */
    @PUT
    @Path("/sites/{site}/calorific-values")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public CalorificValuesBody putCalorificValues(@PathParam("site") String site, CalorificValuesBody body) {
        var s = access.site(site);
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.values() == null) {
            errors.add(new FieldError("values", "is required: a list of {validFrom, kwhPerM3}"));
        } else {
            for (int i = 0; i < body.values().size(); i++) {
                CalorificValues.Entry e = body.values().get(i);
                if (e == null || e.validFrom() == null) {
                    errors.add(new FieldError("values[" + i + "].validFrom", "is required: a date"));
                } else if (body.values().stream().filter(o -> o != null && e.validFrom().equals(o.validFrom()))
                        .count() > 1) {
                    errors.add(new FieldError("values[" + i + "].validFrom", "appears twice"));
                }
                if (e != null && !(e.kwhPerM3() > 0 && e.kwhPerM3() < 100)) {
                    errors.add(new FieldError("values[" + i + "].kwhPerM3", "must be above 0 and below 100 (kWh per m³)"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("calorific values are invalid", errors);
        }
        LocalDate changedFrom = calorific.replace(site, body.values());
        if (changedFrom != null) {
            ZoneId zone = ZoneId.of(s.timezone);
            job.recomputeSite(site, Carrier.GAS, changedFrom.atStartOfDay(zone).toInstant().toEpochMilli(),
                    Instant.now().toEpochMilli());
        }
        return new CalorificValuesBody(calorific.list(site));
    }

    public record RecomputeView(String site, String carrier, Instant from, Instant to) {
    }

    /** Recomputes a site's rollups (of one carrier or all) over a range, e.g. after an incident; answers at once. */
    @jakarta.ws.rs.POST
    @Path("/sites/{site}/recompute")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public jakarta.ws.rs.core.Response recompute(@PathParam("site") String site, @QueryParam("carrier") String carrier,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        var s = access.site(site);
        ZoneId zone = ZoneId.of(s.timezone);
        List<FieldError> errors = new ArrayList<>();
        Carrier c = null;
        if (carrier != null && !carrier.isBlank()) {
            c = Carrier.fromTag(carrier).orElse(null);
            if (c == null) {
                errors.add(new FieldError("carrier", "must be one of electricity, water, gas, heat"));
            }
        }
        Instant fromAt = instant("from", from, zone, errors);
        Instant toAt = instant("to", to, zone, errors);
        if (errors.isEmpty() && !fromAt.isBefore(toAt)) {
            errors.add(new FieldError("to", "must be after from"));
        } else if (errors.isEmpty() && toAt.isAfter(fromAt.atZone(zone).plusDays(MAX_RECOMPUTE_DAYS).toInstant())) {
            errors.add(new FieldError("to", "at most " + MAX_RECOMPUTE_DAYS + " days after from: recompute longer spans in parts"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("recompute request is invalid", errors);
        }
        job.recomputeSite(site, c, fromAt.toEpochMilli(), toAt.toEpochMilli());
        return jakarta.ws.rs.core.Response.accepted(new RecomputeView(site, c == null ? null : c.tag(), fromAt, toAt))
                .build();
    }

    private static Instant instant(String name, String value, ZoneId zone, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(name, "is required: a date (site-local midnight) or an ISO instant"));
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "'" + value + "' is neither a date (2026-03-01) nor an instant "
                    + "(2026-03-01T00:00:00Z)"));
            return null;
        }
    }
}
