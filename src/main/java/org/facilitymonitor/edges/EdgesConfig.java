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
}
