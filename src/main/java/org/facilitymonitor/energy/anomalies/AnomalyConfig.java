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

    /** How far above its usual base load a meter's use outside the operating hours may be, on average over a day's closed hours. */
    @WithDefault("0.5")
    double afterHoursTolerance();

    /** By how much a meter's base load (its 5th-percentile hour) may grow against twelve weeks before. */
    @WithDefault("0.1")
    double creepThreshold();
}
