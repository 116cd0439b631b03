package org.facilitymonitor.energy.savings;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.accounting.AccountingRegistry;
import org.facilitymonitor.energy.savings.InterventionViews.DayView;
import org.facilitymonitor.energy.savings.InterventionViews.SavingsView;
import org.facilitymonitor.energy.weather.WeatherService.DayBoundary;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.telemetry.LineProtocol;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Each intervention's savings (local days, up to yesterday) as InfluxDB series for Grafana:
 * {@value #DAILY} per reporting day (tags site, intervention, scope, scope_id, carrier; fields
 * metered, modelled, adjustment, avoided, cumulative, cumulative_low, cumulative_high, a null one
 * left out; timestamp = the day's local midnight) and one {@value #QUALITY} point per intervention
 * (tags site, intervention; fields adjusted_r2, cv_rmse, nmbe, fsu, avoided_total, uncertainty90;
 * timestamp = the effective day's local midnight). Rewriting a day overwrites it (same series and
 * timestamp), so several instances may run the job at once. One intervention's failure is logged
 * and counted ({@code fm_energy_savings_writes_total{outcome}}), the others go on.
 */
@ApplicationScoped
public class SavingsSeries {

    static final String DAILY = "energy_savings_1d";
    static final String QUALITY = "energy_baseline_quality";
    private static final int WRITE_BATCH = 5000;

    @Inject
    InterventionService service;
    @Inject
    AccountingRegistry registry;
    @Inject
    TelemetryWriter writer;
    @Inject
    MeterRegistry metrics;

    /** What one write did: the days written and whether the quality point was (false: no baseline model). */
    public record Written(long intervention, int days, boolean quality) {
    }

    @Scheduled(every = "${fm.energy.savings.every:1h}", delayed = "60s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        writeAll();
    }

    /** Writes every intervention's series (every site: no user); the number of interventions written. */
    public int writeAll() {
        int written = 0;
        for (Intervention i : service.all()) {
            try {
                written += write(i.siteId, service.savings(i, null, DayBoundary.LOCAL, false)).quality() ? 1 : 0;
            } catch (RuntimeException | WriteFailure e) {
                count("failed");
                Log.warnf("energy: savings series of intervention %d not written: %s", i.id, e.getMessage());
            }
        }
        return written;
    }

    /** Writes one intervention's series now; the caller must see its site (404 otherwise, like a missing one). */
    public Written refresh(long id) {
        String site = service.get(id).siteId();
        SavingsView savings = service.savings(id, null, DayBoundary.LOCAL, false);
        try {
            return write(site, savings);
        } catch (WriteFailure e) {
            count("failed");
            throw new ProblemException(503, "Telemetry store unavailable", "InfluxDB write failed: " + e.getMessage(),
                    List.of());
        }
    }

    private Written write(String site, SavingsView s) throws WriteFailure {
        if (s.model() == null) {
            count("no-model");
            return new Written(s.intervention(), 0, false);
        }
        ZoneId zone = registry.zone(site);
        String id = Long.toString(s.intervention());
        Map<String, String> tags = new TreeMap<>(Map.of("site", site, "intervention", id,
                "scope", s.scope().toLowerCase(Locale.ROOT), "scope_id", s.scopeId(),
                "carrier", Carrier.valueOf(s.carrier()).tag()));
        String dailyKey = LineProtocol.seriesKey(DAILY, tags) + " ";
        List<String> lines = new ArrayList<>(s.daily().size() + 1);
        for (DayView d : s.daily()) {
            StringBuilder fields = new StringBuilder(160);
            field(fields, "metered", d.metered());
            field(fields, "modelled", d.modelled());
            field(fields, "adjustment", d.adjustment());
            field(fields, "avoided", d.avoided());
            field(fields, "cumulative", d.cumulative());
            field(fields, "cumulative_low", d.cumulativeLow());
            field(fields, "cumulative_high", d.cumulativeHigh());
            if (!fields.isEmpty()) {
                lines.add(dailyKey + fields + " " + d.day().atStartOfDay(zone).toInstant().toEpochMilli());
            }
        }
        StringBuilder quality = new StringBuilder(160);
        field(quality, "adjusted_r2", s.model().adjustedRSquared());
        field(quality, "cv_rmse", s.quality().cvRmse());
        field(quality, "nmbe", s.quality().nmbe());
        field(quality, "fsu", s.fractionalSavingsUncertainty());
        field(quality, "avoided_total", s.avoided());
        field(quality, "uncertainty90", s.uncertainty90());
        lines.add(LineProtocol.seriesKey(QUALITY, new TreeMap<>(Map.of("site", site, "intervention", id))) + " "
                + quality + " " + s.reportingFrom().atStartOfDay(zone).toInstant().toEpochMilli());
        for (int from = 0; from < lines.size(); from += WRITE_BATCH) {
            writer.write(lines.subList(from, Math.min(lines.size(), from + WRITE_BATCH)));
        }
        count("written");
        Log.debugf("energy: savings series of intervention %d written (%d days)", s.intervention(), s.daily().size());
        return new Written(s.intervention(), s.daily().size(), true);
    }

    /** Appends {@code name=value} unless the value is null or not finite (line protocol has no null or NaN). */
    private static void field(StringBuilder fields, String name, Double value) {
        if (value == null || !Double.isFinite(value)) {
            return;
        }
        fields.append(fields.isEmpty() ? "" : ",").append(name).append('=').append(value.doubleValue());
    }

    private void count(String outcome) {
        metrics.counter("fm_energy_savings_writes_total", "outcome", outcome).increment();
    }
}
