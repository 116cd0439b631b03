package org.facilitymonitor.edge.load;

import java.time.Duration;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.site.SiteDescription;

/**
 * @param rate messages per second over all connections; 0 for as fast as possible
 */
public record LoadOptions(SiteDescription site, String brokerUri, String usernamePrefix, String password,
                          int connections, double rate, int readingsPerMessage, Duration duration, int inflight,
                          Duration connectTimeout) {

    public LoadOptions {
        if (connections < 1) {
            throw new IllegalArgumentException("connections: must be at least 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate: must be >= 0 (0 = as fast as possible)");
        }
        if (readingsPerMessage < 1 || readingsPerMessage > ContractV1.MAX_READINGS) {
            throw new IllegalArgumentException("readings-per-message: must be 1.." + ContractV1.MAX_READINGS);
        }
        if (inflight < 1 || inflight > 65_535) {
            throw new IllegalArgumentException("inflight: must be 1..65535");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: must be positive");
        }
        ContractV1.requireEdgeId("username-prefix", edgeId(usernamePrefix, connections));
        if (site.points().isEmpty()) {
            throw new IllegalArgumentException("site-file: the site has no points");
        }
    }

    /** The edge id (and MQTT account) of connection {@code n}, counted from 1. */
    public static String edgeId(String prefix, int n) {
        return prefix + n;
    }

    public String edgeId(int n) {
        return edgeId(usernamePrefix, n);
    }
}
