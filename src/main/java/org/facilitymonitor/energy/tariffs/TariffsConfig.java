package org.facilitymonitor.energy.tariffs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tariffs ({@code fm.energy.tariffs.*}). */
@ConfigMapping(prefix = "fm.energy.tariffs")
public interface TariffsConfig {

    /** Most intervals one quote request may price (a leap year of quarter hours by default). */
    @WithDefault("35136")
    int maxQuoteIntervals();
}
