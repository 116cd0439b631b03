package org.facilitymonitor.energy.accounting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Department figures and quotas ({@code fm.energy.accounting.*}). */
@ConfigMapping(prefix = "fm.energy.accounting")
public interface AccountingConfig {

    /** How often the last days of department consumption are recomputed into InfluxDB ({@code off}: never). */
    @WithDefault("1h")
    String every();

    /** How many local days back (yesterday included, today too) each scheduled recompute covers: late meter data in that window is picked up. */
    @WithDefault("3")
    int recomputeDays();

    /** How often quotas are checked and crossings notified ({@code off}: never). */
    @WithDefault("1h")
    String quotaEvery();
}
