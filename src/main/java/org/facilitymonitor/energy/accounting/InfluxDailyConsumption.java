package org.facilitymonitor.energy.accounting;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.InfluxQLQueryResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.telemetry.TelemetryConfig;

/** {@link DailyConsumption} read from the rollup's {@code consumption_1d} measurement (InfluxQL, grouped by point). */
@ApplicationScoped
public class InfluxDailyConsumption implements DailyConsumption {

    @Inject
    InfluxDBClient client;
    @Inject
    TelemetryConfig config;
    @Inject
    AccountingRegistry registry;

    @Override
    public Map<String, double[]> daily(String site, Carrier carrier, LocalDate from, LocalDate to) {
        return read(site, carrier, from, to, "value");
    }

    @Override
    public Map<String, double[]> dailyEnergyKwh(String site, Carrier carrier, LocalDate from, LocalDate to) {
        return read(site, carrier, from, to, "energy_kwh");
    }

    private Map<String, double[]> read(String site, Carrier carrier, LocalDate from, LocalDate to, String field) {
        if (!Ids.isValid(site)) {
            throw new IllegalArgumentException("not a site id: " + site);
        }
        ZoneId zone = registry.zone(site);
        int days = (int) ChronoUnit.DAYS.between(from, to);
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.atStartOfDay(zone).toInstant();
        String query = "SELECT \"" + field + "\" AS value FROM consumption_1d WHERE site = '" + site + "' AND carrier = '"
                + carrier.tag() + "' AND time >= " + start.toEpochMilli() + "ms AND time < " + end.toEpochMilli()
                + "ms GROUP BY point";
        Map<String, double[]> out = new HashMap<>();
        InfluxQLQueryResult result;
        try {
            result = client.getInfluxQLQueryApi().query(new InfluxQLQuery(query, config.database())
                    .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
        } catch (InfluxException e) {
            throw new ProblemException(503, "Telemetry store unavailable", "InfluxDB query failed: " + e.getMessage(), List.of());
        }
        if (result == null) {
            return out;
        }
        for (InfluxQLQueryResult.Result r : result.getResults()) {
            for (InfluxQLQueryResult.Series series : r.getSeries()) {
                String point = series.getTags().get("point");
                double[] values = out.computeIfAbsent(point, p -> {
                    double[] v = new double[days];
                    Arrays.fill(v, Double.NaN);
                    return v;
                });
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    Object time = record.getValueByKey("time");
                    Object value = record.getValueByKey("value");
                    if (time == null || value == null || value.toString().isEmpty()) {
                        continue;
                    }
                    LocalDate day = Instant.ofEpochMilli(Long.parseLong(time.toString())).atZone(zone).toLocalDate();
                    int d = (int) ChronoUnit.DAYS.between(from, day);
                    if (d >= 0 && d < days) {
                        values[d] = Double.parseDouble(value.toString());
                    }
                }
            }
        }
        return out;
    }
}
