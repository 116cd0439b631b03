package org.facilitymonitor.energy.weather;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.DegreeDays;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.energy.weather.WeatherService.DayBoundary;
import org.facilitymonitor.energy.weather.WeatherService.Source;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/** A site's outdoor temperature: its source, an hourly import, and daily means with degree days. */
@Path("/api/energy/sites/{site}/weather")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class WeatherResource {

    /** Default degree-day bases: 65 °F and its Celsius equivalent, 18.3 °C. */
    static final double DEFAULT_BASE_F = 65;

    public record SourceView(String site, String point, String unit, boolean configured) {
        static SourceView of(String site, java.util.Optional<Source> s) {
            return s.map(x -> new SourceView(site, x.point(), x.pointUnit(), x.explicit()))
                    .orElse(new SourceView(site, null, null, false));
        }
    }

    public record SourceBody(String point) {
    }

    public record ImportView(String site, int rows, int hours, int skippedEmpty, Instant first, Instant last) {
    }

    public record DayView(LocalDate day, Double mean, int hours, Double heatingDegreeDays, Double coolingDegreeDays) {
    }

    public record DailyView(String site, String timezone, String days, String unit, double heatingBase, double coolingBase,
                            String source, int daysWithTemperature, double heatingDegreeDays, double coolingDegreeDays,
                            List<DayView> values) {
    }

    public record TypicalYearView(String site, boolean own, String source, String updatedBy, Instant updatedAt, String unit,
                                  double annualMean, int rows, int skippedLeapDay, List<Double> daily) {
    }

    @Inject
    WeatherService weather;
    @Inject
    TypicalYear typicalYear;
    @Inject
    EnergyAccess access;
    @Inject
    Clock clock;

    @GET
    @Path("/source")
    public SourceView source(@PathParam("site") String site) {
        access.site(site);
        return SourceView.of(site, weather.source(site));
    }

    @PUT
    @Path("/source")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public SourceView setSource(@PathParam("site") String site, SourceBody body) {
        access.site(site);
        return SourceView.of(site, java.util.Optional.of(weather.setSource(site, body == null ? null : body.point(), clock.instant())));
    }

    /**
     * Imports hourly outdoor temperatures (CSV {@code time,temperature}) for the hours the weather
     * point has no reading for, e.g. years of history from a weather service before the point existed.
     */
    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public ImportView importCsv(@PathParam("site") String site, @QueryParam("unit") String unitText, String body) {
        Site s = access.site(site);
        TemperatureUnit unit = unit(unitText);
        WeatherCsv.Parsed parsed = WeatherCsv.parse(body, ZoneId.of(s.timezone), unit);
        weather.importHours(site, parsed.hourlyC());
        return new ImportView(site, parsed.rows(), parsed.hourlyC().size(), parsed.skippedEmpty(),
                parsed.hourlyC().isEmpty() ? null : parsed.hourlyC().firstKey(),
                parsed.hourlyC().isEmpty() ? null : parsed.hourlyC().lastKey());
    }

    /**
     * Daily mean temperature per day of {@code [from, to)} and heating and cooling degree days for
     * the given bases. A day has a mean only with values for more than half of its hours.
     */
    @GET
    @Path("/daily")
    public DailyView daily(@PathParam("site") String site, @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("unit") String unitText, @QueryParam("days") String daysText,
                           @QueryParam("heating-base") Double heatingBase, @QueryParam("cooling-base") Double coolingBase) {
        Site s = access.site(site);
        DayRange range = DayRange.parse(from, to);
        TemperatureUnit unit = unitText == null ? TemperatureUnit.C : unit(unitText);
        DayBoundary days = DayBoundary.parse(daysText);
        double hb = heatingBase != null ? heatingBase : round1(unit.fromFahrenheit(DEFAULT_BASE_F));
        double cb = coolingBase != null ? coolingBase : round1(unit.fromFahrenheit(DEFAULT_BASE_F));
        List<FieldError> errors = new ArrayList<>();
        base(errors, "heating-base", hb, unit);
        base(errors, "cooling-base", cb, unit);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("bad degree-day base", errors);
        }
        DailyTemperatures t = weather.dailyF(site, range.from(), range.to(), days);
        List<DayView> values = new ArrayList<>(range.days());
        double hddSum = 0;
        double cddSum = 0;
        for (int d = 0; d < range.days(); d++) {
            LocalDate day = range.from().plusDays(d);
            double f = t.mean(day);
            if (Double.isNaN(f)) {
                values.add(new DayView(day, null, t.hours(day), null, null));
                continue;
            }
            double mean = unit.fromFahrenheit(f);
            double hdd = DegreeDays.heating(mean, hb);
            double cdd = DegreeDays.cooling(mean, cb);
            hddSum += hdd;
            cddSum += cdd;
            values.add(new DayView(day, mean, t.hours(day), hdd, cdd));
        }
        return new DailyView(site, s.timezone, days.name().toLowerCase(), unit.symbol(), hb, cb,
                weather.source(site).map(Source::point).orElse(null), t.sufficientDays(), hddSum, cddSum, values);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void base(List<FieldError> errors, String field, double v, TemperatureUnit unit) {
        double c = TemperatureUnit.C.fromFahrenheit(unit.toFahrenheit(v));
        if (!Double.isFinite(v) || c < -30 || c > 40) {
            errors.add(new FieldError(field, "must lie between −30 and 40 °C (" + v + " " + unit.symbol() + ")"));
        }
    }

    /** The site's typical year (its own, or the bundled one) as daily means, 1 January first. */
    @GET
    @Path("/typical-year")
    public TypicalYearView typicalYear(@PathParam("site") String site, @QueryParam("unit") String unitText) {
        access.site(site);
        return typicalYearView(site, unitText == null ? TemperatureUnit.C : unit(unitText), 0, 0);
    }

    /**
     * Replaces the site's typical year for normal-year savings: CSV {@code day,temperature}, 365 days
     * ({@code MM-DD} or 1…365) or their hours ({@code MM-DD HH:mm}, averaged per day).
     */
    @PUT
    @Path("/typical-year")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public TypicalYearView putTypicalYear(@PathParam("site") String site, @QueryParam("unit") String unitText,
                                          @QueryParam("source") String source, String body) {
        access.site(site);
        TemperatureUnit unit = unit(unitText);
        if (source == null || source.isBlank() || source.length() > 200) {
            throw ProblemException.invalid("bad source", List.of(new FieldError("source",
                    "required: where the year comes from (e.g. 'TMY3 Berlin-Tegel'), at most 200 characters")));
        }
        TypicalYearCsv.Parsed parsed = TypicalYearCsv.parse(body, unit);
        typicalYear.replace(site, parsed.dailyF(), source.strip(), access.name());
        return typicalYearView(site, unit, parsed.rows(), parsed.skippedLeapDay());
    }

    /** Back to the bundled typical year. */
    @DELETE
    @Path("/typical-year")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public Response deleteTypicalYear(@PathParam("site") String site) {
        access.site(site);
        if (!typicalYear.remove(site)) {
            throw ProblemException.notFound("typical year of site", site);
        }
        return Response.noContent().build();
    }

    private TypicalYearView typicalYearView(String site, TemperatureUnit unit, int rows, int leap) {
        TypicalYear.Year y = typicalYear.forSite(site);
        List<Double> daily = java.util.Arrays.stream(y.dailyF()).map(f -> unit.fromFahrenheit(f)).boxed().toList();
        double mean = daily.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new TypicalYearView(site, y.own(), y.source(), y.updatedBy(), y.updatedAt(), unit.symbol(), mean, rows, leap,
                daily);
    }

    private static TemperatureUnit unit(String text) {
        TemperatureUnit u = TemperatureUnit.parse(text);
        if (u == null) {
            throw ProblemException.invalid("bad unit", List.of(new FieldError("unit", "degC or degF, was '" + text + "'")));
        }
        return u;
    }
}
