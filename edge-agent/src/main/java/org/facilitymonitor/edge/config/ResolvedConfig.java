package org.facilitymonitor.edge.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.agent.PointSchedule;
import org.facilitymonitor.edge.agent.Receipts;
import org.facilitymonitor.edge.mqtt.TlsFiles;

/** A checked configuration with defaults filled in and paths resolved against the file's directory. */
public record ResolvedConfig(Path file, String site, String edge, Broker broker, Duration period,
                             List<PointSchedule.Rule> pointRules, Simulate simulate, List<Replay> replay,
                             Queue queue, Duration statusInterval) {

    /** {@code tls}: the CA and client certificate files, null when none is configured. */
    public record Broker(String url, String username, String password, Duration connectTimeout, Duration keepAlive,
                         int maxInflight, TlsFiles tls) {
        @Override
        public String toString() {
            return "Broker[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", connectTimeout=" + connectTimeout + ", keepAlive=" + keepAlive + ", maxInflight=" + maxInflight
                    + (tls == null ? "" : ", tls=" + tls) + "]";
        }
    }

    /**
     * @param start null: now; otherwise the simulated start (an instant, or now minus a duration)
     */
    public record Simulate(Path siteFile, List<String> buildings, long seed, double acceleration, Instant start,
                           List<Fault> faults, Backfill backfill) {
    }

    /** @param from the first backfilled instant as configured (a later start keeps the one of the first start) */
    public record Backfill(Instant from, Duration step) {
    }

    /** Exactly one of {@code after} and {@code at} is set. {@code where} names the config entry for errors. */
    public record Fault(String where, String asset, String fault, Duration after, Instant at,
                        Map<String, Double> params) {
    }

    /** @param recorded published at the recording's timestamps (moved by {@code shift}) as history, not at agent time */
    public record Replay(String where, Path file, String timeColumn, String valueColumn, String point, double speed,
                         BigDecimal startRegister, BigDecimal scale, boolean recorded, Duration shift) {
    }

    /** {@code fsyncInterval}/{@code checkpointInterval} zero: on every append / acknowledgement. */
    public record Queue(Path dir, long maxBytes, Duration fsyncInterval, Duration checkpointInterval, double drainRate,
                        Duration historicalAfter, Receipts receipts) {
    }
}
