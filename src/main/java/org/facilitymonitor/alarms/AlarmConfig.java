package org.facilitymonitor.alarms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fm.alarms")
public interface AlarmConfig {

    /** A rule raising again on an asset within this time after its alarm cleared reopens that alarm (storm collapse). */
    @WithDefault("10m")
    Duration stormWindow();

    /**
     * Rule conclusions waiting to be written (e.g. while PostgreSQL is down); beyond it the oldest are dropped and
     * counted, and the recovery sweep applies them from the journal.
     */
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

    /** Attempts at a conclusion failing for an unknown (neither transient nor permanent) reason before it is set aside. */
    @WithDefault("5")
    int setAsideAfterAttempts();

    /** How often the recovery sweep looks for journalled conclusions PostgreSQL never recorded ("off": never; read by the scheduler). */
    @WithDefault("60s")
    String sweepInterval();

    /** A journalled conclusion younger than this is left to the queue of the instance that journalled it. */
    @WithDefault("2m")
    Duration sweepGrace();

    /** How far back (by the readings' timestamps) the sweep reads the journal. */
    @WithDefault("7d")
    Duration sweepLookback();
}
