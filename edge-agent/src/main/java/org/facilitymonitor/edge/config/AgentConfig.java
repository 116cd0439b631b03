package org.facilitymonitor.edge.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration file (YAML), as written; {@link ConfigLoader} reads it, applies the
 * environment overrides and checks it into {@link ResolvedConfig}. Field names are kebab-case in
 * the file ({@code max-bytes}).
 */
public record AgentConfig(String site, String edge, Broker broker, Sampling sampling, Simulate simulate,
                          List<Replay> replay, Queue queue, Status status) {

    /** {@code ca-file}, {@code cert-file}, {@code key-file}: PEM files for an ssl:// broker (docs/tls.md). */
    public record Broker(String url, String username, String password, String connectTimeout, String keepAlive,
                         Integer maxInflight, String caFile, String certFile, String keyFile) {
    }

    public record Sampling(String period, List<PointRule> points) {
    }

    /** {@code period: off} leaves matching points out. */
    public record PointRule(String match, String period) {
    }

    public record Simulate(String siteFile, List<String> buildings, Long seed, Double acceleration, String start,
                           List<Fault> faults, Backfill backfill) {
    }

    /** The simulated past queued before the first live sample: {@code from} (-400d or an instant), every {@code step}. */
    public record Backfill(String from, String step) {
    }

    /** A fault switched on {@code after} the agent's (simulated) start, or {@code at} an instant. */
    public record Fault(String asset, String fault, String after, String at, Map<String, Double> params) {
    }

    /** {@code timestamps}: {@code agent} (default) or {@code recorded}; {@code shift} moves recorded timestamps. */
    public record Replay(String file, String timeColumn, String valueColumn, String point, Double speed,
                         BigDecimal startRegister, BigDecimal scale, String timestamps, String shift) {
    }

    /** {@code receipts}: true (default) or false; {@code receipt-timeout}, {@code receipt-timeout-max}: durations. */
    public record Queue(String dir, String maxBytes, String fsync, Double drainRate, String historicalAfter,
                        String checkpoint, String receipts, String receiptTimeout, String receiptTimeoutMax) {
    }

    public record Status(String interval) {
    }
}
