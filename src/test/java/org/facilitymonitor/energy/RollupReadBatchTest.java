package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.energy.rollup.MeterCatalog;
import org.facilitymonitor.energy.rollup.RollupCalculator;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.Test;

/**
 * Rollups recomputed from stored readings read them in requests of at most read-batch readings (a
 * dense week once took the whole heap): the meters are read in groups and the chunk is halved, and
 * the figures are the same as from one read.
 */
@QuarkusTest
@TestProfile(RollupReadBatchTest.SmallReads.class)
@WithTestResource(StackTestResource.class)
class RollupReadBatchTest {

    public static class SmallReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fm.energy.rollup.read-batch", "500");
        }
    }

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long SECOND = 1000;
    private static final long QUARTER = 15 * 60 * SECOND;
    private static final MetricSource SERVICE = MetricSource.IN_PROCESS;

    @InjectStack
    NativeStack stack;
    @Inject
    RollupCalculator calculator;
    @Inject
    MeterCatalog meters;
    @Inject
    TelemetryWriter writer;

    @Test
    void threeHoursOfReadingsEveryFiveSecondsAreReadInBoundedRequestsAndGiveExactQuarterHours() throws Exception {
        String a = "test-dense-a-energy";
        String b = "test-dense-b-energy";
        ElectricityMeters.put(a);
        ElectricityMeters.put(b);
        meters.refreshNow();
        LocalDate day = LocalDate.now(BERLIN).minusDays(3);
        long t0 = day.atTime(9, 0).atZone(BERLIN).toInstant().toEpochMilli();
        int readings = 3 * 3600 / 5 + 1; // 2,161 each: over four times read-batch
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < readings; i++) {
            // a rises 1 kWh and b 2 kWh every 5 s: 180 and 360 kWh a quarter hour
            lines.add("electricity,point=" + a + ",site=demo-campus energy_kwh=" + (100.0 + i) + " " + (t0 + i * 5 * SECOND));
            lines.add("electricity,point=" + b + ",site=demo-campus energy_kwh=" + (500.0 + 2 * i) + " " + (t0 + i * 5 * SECOND));
        }
        writer.write(lines);
        double readsBefore = SERVICE.value("fm_energy_rollup_store_read_readings_count");

        // nothing held in memory: every reading is read back from InfluxDB
        calculator.recompute(List.of(new RollupCalculator.Work(meters.meter(a).orElseThrow(), t0, t0 + 12 * QUARTER),
                new RollupCalculator.Work(meters.meter(b).orElseThrow(), t0, t0 + 12 * QUARTER)), (point, ms) -> false);

        // one read of both meters would hold 4,326 readings; split, no request holds more than 500
        assertThat(SERVICE.value("fm_energy_rollup_store_read_readings_count") - readsBefore).isGreaterThanOrEqualTo(8);
        assertThat(SERVICE.value("fm_energy_rollup_store_read_readings_max")).isBetween(100.0, 500.0);
        assertQuarters(a, t0, 180.0);
        assertQuarters(b, t0, 360.0);
        List<InfluxProbe.Series> hours = influx().query("SELECT \"value\" FROM \"consumption_1h\" WHERE \"point\" = '" + a
                + "' AND time >= " + t0 + "ms AND time < " + (t0 + 12 * QUARTER) + "ms");
        assertThat(hours.get(0).rows()).extracting(row -> row.get(1).asDouble()).containsExactly(720.0, 720.0, 720.0);
    }

    private void assertQuarters(String point, long t0, double each) {
        List<InfluxProbe.Series> series = influx().query("SELECT \"value\", \"coverage\" FROM \"consumption_15m\" WHERE \"point\" = '"
                + point + "' AND time >= " + t0 + "ms AND time < " + (t0 + 12 * QUARTER) + "ms");
        assertThat(series).hasSize(1);
        List<JsonNode> rows = series.get(0).rows();
        assertThat(rows).hasSize(12);
        for (JsonNode row : rows) {
            assertThat(row.get(1).asDouble()).as("quarter at %s", row.get(0)).isCloseTo(each, within(1e-9));
            assertThat(row.get(2).asDouble()).as("coverage at %s", row.get(0)).isCloseTo(1.0, within(1e-12));
        }
    }

    private InfluxProbe influx() {
        return new InfluxProbe(stack.influxUrl(), "facility");
    }
}
