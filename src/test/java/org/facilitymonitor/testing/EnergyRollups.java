package org.facilitymonitor.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * Waits until the rollups reflect a stored reading: the reading went through ingest (so the energy
 * observer has noted it), then two rollup runs started after that ended with nothing left to compute.
 */
public final class EnergyRollups {

    private EnergyRollups() {
    }

    public static void awaitComputed(InfluxProbe influx, String point, long ts, MetricSource service) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Ingested.completely(influx, point, ts, service));
        awaitIdle(service);
    }

    /** Two full rollup runs after this call, the last one leaving no backlog. */
    public static void awaitIdle(MetricSource service) {
        try {
            double runs = service.value("fm_energy_rollup_runs_total");
            await().atMost(Duration.ofSeconds(60)).until(() -> service.value("fm_energy_rollup_runs_total") >= runs + 2
                    && service.value("fm_energy_rollup_backlog") == 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Intervals of one length computed so far ({@code 15m}, {@code 1h}, {@code 1d}, {@code 1mo}, {@code 1y}). */
    public static double computed(MetricSource service, String length) throws Exception {
        return service.value("fm_energy_intervals_computed_total{length=\"" + length + "\"}");
    }
}
