package org.facilitymonitor.energy.anomalies;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The daily energy anomaly check against weather-normalized baselines ({@code fm.energy.anomaly.*}). */
@ConfigMapping(prefix = "fm.energy.anomaly")
public interface AnomalyConfig {

    /** Standard errors of the baseline's prediction a day's use may differ, either way; a rule's params may override it. */
    @WithDefault("3")
    double sigmas();

    /** How often yesterday is checked ({@code off}: never). */
    @WithDefault("1h")
    String every();

    /** Severity of the anomaly rules created for energy meters. */
    @WithDefault("WARNING")
    String severity();
}
