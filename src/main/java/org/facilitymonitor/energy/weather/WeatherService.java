package org.facilitymonitor.energy.weather;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * A site's outdoor temperature: hourly means of its weather point, with imported hours
 * (measurement {@code weather_import}, field {@code temperature_c}) filling the hours the point has
 * no reading for; and daily means from them, by the site's local days or by UTC days.
 */
@ApplicationScoped
public class WeatherService {

    static final String IMPORT_MEASUREMENT = "weather_import";
    static final String IMPORT_FIELD = "temperature_c";
    private static final int WRITE_BATCH = 5_000;

    /** Where a site's outdoor temperature comes from. */
    public record Source(String site, String point, String pointUnit, boolean explicit) {
    }

    /** How days are cut: the site's midnights (CalTRACK's text), or UTC's (the reference implementation). */
    public enum DayBoundary {
        LOCAL, UTC;

        public static DayBoundary parse(String text) {
            if (text == null || text.isBlank() || text.equalsIgnoreCase("local")) {
                return LOCAL;
            }
            if (text.equalsIgnoreCase("utc")) {
                return UTC;
            }
            throw ProblemException.invalid("bad days", List.of(new FieldError("days", "local or utc, was '" + text + "'")));
        }
    }

    @Inject
    InfluxQlReader reader;
    @Inject
    TelemetryWriter writer;
    @Inject
    EntityManager em;

    /** The configured weather point, else the site's only outdoor temperature point; empty if none. */
    @Transactional
    public Optional<Source> source(String siteId) {
        Object explicit = em.createNativeQuery("select point_id from site_weather where site_id = ?1")
                .setParameter(1, siteId).getResultStream().findFirst().orElse(null);
        if (explicit != null) {
            Point p = Point.findById(explicit.toString());
            return Optional.of(new Source(siteId, p.id, p.unit, true));
        }
        List<Point> candidates = new ArrayList<>();
        for (Point p : Point.<Point>list("siteId = ?1 and quantity = 'temperature'", siteId)) {
            Asset a = Asset.findById(p.assetId);
            if (a != null && ("Weather_Station".equals(a.kind) || a.tags.contains("outside"))) {
                candidates.add(p);
            }
        }
        return candidates.size() == 1
                ? Optional.of(new Source(siteId, candidates.get(0).id, candidates.get(0).unit, false))
                : Optional.empty();
    }

    /** Sets the site's weather point (a temperature point of the site). */
    @Transactional
    public Source setSource(String siteId, String pointId, Instant now) {
        Point p = pointId == null ? null : Point.findById(pointId);
        if (p == null || !siteId.equals(p.siteId)) {
            throw ProblemException.invalid("bad point", List.of(new FieldError("point",
                    "'" + pointId + "' is not a point of site '" + siteId + "'")));
        }
        if (TemperatureUnit.parse(p.unit) == null) {
            throw ProblemException.invalid("bad point", List.of(new FieldError("point",
                    "'" + pointId + "' has unit '" + p.unit + "': a weather point needs degC or degF")));
        }
        em.createNativeQuery("insert into site_weather (site_id, point_id, updated_at) values (?1, ?2, ?3) "
                        + "on conflict (site_id) do update set point_id = excluded.point_id, updated_at = excluded.updated_at")
                .setParameter(1, siteId).setParameter(2, pointId).setParameter(3, java.sql.Timestamp.from(now)).executeUpdate();
        return new Source(siteId, p.id, p.unit, true);
    }

    /** Hourly °F over {@code [from, to)}: the weather point's hourly means, imported hours where it has none. */
    public NavigableMap<Instant, Double> hourlyF(String siteId, Optional<Source> source, Instant from, Instant to) {
        NavigableMap<Instant, Double> out = new TreeMap<>();
        String range = " AND time >= " + InfluxQl.time(from) + " AND time < " + InfluxQl.time(to);
        for (InfluxQlReader.Row r : reader.rows("SELECT mean(" + InfluxQl.identifier(IMPORT_FIELD) + ") AS \"value\" FROM "
                + InfluxQl.identifier(IMPORT_MEASUREMENT) + " WHERE \"site\" = " + InfluxQl.string(siteId) + range
                + " GROUP BY time(1h) fill(none)")) {
            out.put(Instant.ofEpochMilli(r.timeMs()), TemperatureUnit.C.toFahrenheit(r.asDouble()));
        }
        if (source.isPresent()) {
            Point p = Point.findById(source.get().point());
            TemperatureUnit unit = Optional.ofNullable(TemperatureUnit.parse(p.unit)).orElse(TemperatureUnit.C);
            for (InfluxQlReader.Row r : reader.rows("SELECT mean(" + InfluxQl.identifier(p.field) + ") AS \"value\" FROM "
                    + InfluxQl.identifier(p.measurement) + " WHERE \"point\" = " + InfluxQl.string(p.id) + range
                    + " GROUP BY time(1h) fill(none)")) {
                out.put(Instant.ofEpochMilli(r.timeMs()), unit.toFahrenheit(r.asDouble()));
            }
        }
        return out;
    }

    /** Daily mean °F of local (or UTC) days {@code [from, to)}. */
    public DailyTemperatures dailyF(String siteId, LocalDate from, LocalDate to, DayBoundary days) {
        Site site = Site.findById(siteId);
        ZoneId zone = days == DayBoundary.UTC ? ZoneOffset.UTC : ZoneId.of(site.timezone);
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.atStartOfDay(zone).toInstant();
        return DailyTemperatures.of(hourlyF(siteId, source(siteId), start, end), zone, from, to);
    }

    /** Writes imported hours (°C); a second import of the same hour replaces its value. */
    public void importHours(String siteId, Map<Instant, Double> hourlyC) {
        List<String> lines = new ArrayList<>(Math.min(WRITE_BATCH, hourlyC.size()));
        String key = IMPORT_MEASUREMENT + ",site=" + siteId + " " + IMPORT_FIELD + "=";
        try {
            for (Map.Entry<Instant, Double> e : hourlyC.entrySet()) {
                lines.add(key + e.getValue() + " " + e.getKey().toEpochMilli());
                if (lines.size() == WRITE_BATCH) {
                    writer.write(lines);
                    lines = new ArrayList<>(WRITE_BATCH);
                }
            }
            if (!lines.isEmpty()) {
                writer.write(lines);
            }
        } catch (WriteFailure e) {
            throw new ProblemException(503, "Telemetry store unavailable", "InfluxDB write failed: " + e.getMessage()
                    + "; hours written before it stay, import the file again", List.of());
        }
    }
}
