package org.facilitymonitor.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fm.rules")
public interface RulesConfig {

    /** How often an instance looks at {@code rule_set_version} (read by the scheduler from the property). */
    @WithDefault("2s")
    String pollInterval();

    /** How often stale rules are judged (read by the scheduler from the property). */
    @WithDefault("30s")
    String staleCheckInterval();

    /** Journal of conclusions: the first wait after a failed InfluxDB write, doubling up to {@link #journalRetryMaxDelay}. */
    @WithDefault("PT0.2S")
    Duration journalRetryInitialDelay();

    @WithDefault("PT5S")
    Duration journalRetryMaxDelay();
}
