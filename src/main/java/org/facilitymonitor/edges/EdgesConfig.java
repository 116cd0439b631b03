package org.facilitymonitor.edges;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fm.edges")
public interface EdgesConfig {

    /** How long a request waits for the dynamic-security plugin's answer before it fails with 503. */
    @WithDefault("PT10S")
    Duration brokerTimeout();

    /** Length of generated edge passwords (letters and digits). */
    @WithDefault("32")
    int passwordLength();

    /**
     * How often, until one pass succeeded, every edge role is checked for the grants of this version's
     * contract ({@link EdgeGrants}); "off" disables it. Read by the scheduler.
     */
    @WithDefault("10m")
    String grantsCheckInterval();
}
