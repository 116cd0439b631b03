package org.facilitymonitor.energy.waste;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * Where the waste is ({@code fm.energy.waste.*}): the operating hours buildings are in use, the window
 * looked at, when a peak counts, and which asset kinds heat and which cool.
 */
@ConfigMapping(prefix = "fm.energy.waste")
public interface WasteConfig {

    /** Days the buildings are in use. */
    @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
    Set<DayOfWeek> operatingDays();

    /** Local time the buildings open on those days. */
    @WithDefault("07:00")
    LocalTime opens();

    /** Local time they close. */
    @WithDefault("19:00")
    LocalTime closes();

    /** Days of hourly figures the after-hours analysis looks at (up to yesterday). */
    @WithDefault("28")
    int windowDays();

    /** How far the highest hour of a main electricity meter must be above its 95th percentile hour (1.5: 50 %). */
    @WithDefault("1.5")
    double peakFactor();

    /** Brick asset kinds whose meters are heating use (a building without any: its main gas and heat meters). */
    @WithDefault("Boiler,Furnace,Heat_Pump")
    Set<String> heatingAssetKinds();

    /** Brick asset kinds whose meters are cooling use. */
    @WithDefault("Chiller,Cooling_Tower")
    Set<String> coolingAssetKinds();
}
