package org.facilitymonitor.energy.costs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "fm.energy.costs")
public interface CostConfig {

    /** How often the current month's bills are recomputed (also in the job's @Scheduled; {@code off} disables). */
    @WithDefault("15m")
    String every();

    /** During the first days of a month the previous month is recomputed too (late readings). */
    @WithDefault("5")
    int previousMonthDays();
}
