package org.facilitymonitor.alarms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fm.alarms")
public interface AlarmConfig {

    /** A rule raising again on an asset within this time after its alarm cleared reopens that alarm (storm collapse). */
    @WithDefault("10m")
    Duration stormWindow();

    /** Rule conclusions waiting to be written (e.g. while PostgreSQL is down); beyond it the oldest are dropped and counted. */
    @WithDefault("100000")
    int maxQueued();

    /** Teams (notification preferences) told about new alarms and reminded of unacknowledged critical ones. */
    @WithDefault("crew")
    java.util.List<String> notifyTeams();

    /** Longest maintenance window: a longer one would silence an asset's alarms for longer than planned work takes. */
    @WithDefault("7d")
    Duration maxWindowLength();

    /** Longest wait between attempts to write a conclusion while PostgreSQL fails. */
    @WithDefault("10s")
    Duration retryMaxDelay();
}
