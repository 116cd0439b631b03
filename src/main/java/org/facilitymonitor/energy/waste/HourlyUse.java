package org.facilitymonitor.energy.waste;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;

/** Hourly energy (kWh) of a site's meters of one carrier, from the rollup's {@code consumption_1h}. */
@ApplicationScoped
public class HourlyUse {

    /** The hours of {@code [from, to)} (local midnights) and each point's kWh per hour, NaN where missing. */
    public record Hours(long[] startMs, Map<String, double[]> kwh) {

        public int indexOf(long ms) {
            int i = Arrays.binarySearch(startMs, ms);
            return i >= 0 ? i : Math.min(-i - 1, startMs.length);
        }
    }

    @Inject
    InfluxQlReader reader;

    public Hours read(String site, Carrier carrier, LocalDate from, LocalDate to, ZoneId zone) {
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.atStartOfDay(zone).toInstant().toEpochMilli();
        int hours = (int) Duration.ofMillis(toMs - fromMs).toHours();
        long[] starts = new long[hours];
        for (int h = 0; h < hours; h++) {
            starts[h] = fromMs + h * 3_600_000L;
        }
        Map<String, double[]> out = new HashMap<>();
        for (InfluxQlReader.SeriesRow r : reader.seriesRows("SELECT \"energy_kwh\" AS \"value\" FROM \"consumption_1h\" WHERE"
                + " \"site\" = " + InfluxQl.string(site) + " AND \"carrier\" = " + InfluxQl.string(carrier.tag())
                + " AND time >= " + fromMs + "ms AND time < " + toMs + "ms GROUP BY \"point\"")) {
            double[] v = out.computeIfAbsent(r.tags().get("point"), p -> {
                double[] a = new double[hours];
                Arrays.fill(a, Double.NaN);
                return a;
            });
            int h = (int) ((r.timeMs() - fromMs) / 3_600_000L);
            String value = r.columns().get("value");
            if (h >= 0 && h < hours && value != null && !value.isEmpty()) {
                v[h] = Double.parseDouble(value);
            }
        }
        return new Hours(starts, out);
    }
}
