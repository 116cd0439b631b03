package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.energy.rollup.Meter;
import org.facilitymonitor.energy.rollup.MeterCatalog;
import org.facilitymonitor.energy.rollup.RollupStore;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * The readings around a meter's range: looked for within a week, then without bound, but never
 * beyond the newest reading ingest accepts (now + fm.ingest.max-future, 5 minutes by default).
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class RollupNeighboursTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Inject
    RollupStore store;
    @Inject
    MeterCatalog meters;
    @Inject
    TelemetryWriter writer;

    @Test
    void neighboursMoreThanAWeekAwayAreFoundUnlessTheyAreLaterThanIngestAccepts() throws Exception {
        String past = "test-neighbours-past-energy";
        String live = "test-neighbours-live-energy";
        ElectricityMeters.put(past);
        ElectricityMeters.put(live);
        meters.refreshNow();
        long now = System.currentTimeMillis();
        long t0 = now - 40 * DAY;
        writer.write(List.of(
                // a range in the past, its neighbours 12 and 10 days away
                line(past, 100.0, t0 - 12 * DAY), line(past, 110.0, t0), line(past, 111.0, t0 + DAY),
                line(past, 150.0, t0 + 11 * DAY),
                // a live meter's range ends now; a reading 8 days ahead is one ingest would refuse
                line(live, 500.0, now - DAY), line(live, 501.0, now - 60_000), line(live, 999.0, now + 8 * DAY)));

        Meter p = meters.meter(past).orElseThrow();
        Meter l = meters.meter(live).orElseThrow();
        Map<String, Double> beforeValues = new HashMap<>();
        Map<String, long[]> edges = store.edges(List.of(p, l),
                Map.of(past, t0, live, now - 60_000), Map.of(past, t0 + DAY, live, now - 60_000), beforeValues);

        assertThat(edges.get(past)).containsExactly(t0 - 12 * DAY, t0, t0 + DAY, t0 + 11 * DAY);
        assertThat(beforeValues).containsEntry(past, 100.0);
        // before: a day back, inside: the reading itself, after: none that ingest could have stored
        assertThat(edges.get(live)).containsExactly(now - DAY, now - 60_000, now - 60_000, RollupStore.NONE);
        assertThat(beforeValues).containsEntry(live, 500.0);
    }

    private static String line(String point, double kwh, long ms) {
        return "electricity,point=" + point + ",site=demo-campus energy_kwh=" + kwh + " " + ms;
    }
}
