package org.facilitymonitor.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "fm.influx")
public interface TelemetryConfig {

    /** InfluxDB URL: 2.x/3.x, or 1.8 (or 1.x behind the /api/v2/write mapping of the native stack). */
    @WithDefault("http://127.0.0.1:18086")
    String url();

    /** API token (FM_INFLUX_TOKEN); absent for an InfluxDB 1.x without authentication. */
    Optional<String> token();

    /** Organisation (InfluxDB 2.x); ignored by 1.x. */
    @WithDefault("facility")
    String org();

    /** Bucket written to (1.x: database or database/retention-policy). */
    @WithDefault("facility")
    String bucket();

    /** Database name InfluxQL queries use (2.x: the bucket's DBRP mapping). */
    @WithDefault("facility")
    String database();

    /** HTTP read/write timeout of one request to InfluxDB. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Longest history a single query may span. */
    @WithDefault("P400D")
    Duration maxQueryRange();

    /** Most intervals (rows) a history query may return. */
    @WithDefault("10000")
    int maxQueryPoints();

    /** Most points GET /api/telemetry/assets/{id}/latest reads (one query each). */
    @WithDefault("200")
    int maxLatestPoints();
}
