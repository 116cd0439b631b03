package org.facilitymonitor.energy.rollup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fm.energy.rollup")
public interface RollupConfig {

    /** Note stored meter readings and compute rollups; off leaves the consumption measurements as they are. */
    @WithDefault("true")
    boolean enabled();

    /** How often stored readings are turned into rollups (also in the job's @Scheduled). */
    @WithDefault("1s")
    Duration pollInterval();

    /** A run starts this long after readings are noted (so one run takes what arrives together). */
    @WithDefault("20ms")
    Duration wakeDelay();

    /**
     * Readings noted start a run early, but not sooner than this after the previous run began. Under
     * a live stream every run has work, and each costs a few InfluxDB and PostgreSQL round trips
     * whatever the message rate. With 500 ms a late reading waits at most that for its run.
     */
    @WithDefault("500ms")
    Duration minSpacing();

    /**
     * Largest share of one core's time the runs take while readings keep arriving: a run that took
     * 50 ms starts the next no sooner than 50 ms / share after it began (more readings per run). 1 (the
     * default) leaves runs unspaced; lower bounds the rollups' CPU under a heavy stream, and slows a
     * backfill's catch-up by the same factor.
     */
    @WithDefault("1")
    double maxBusyShare();

    /**
     * Meter readings an instance holds in memory after storing them, so the rollups need not read
     * them back (16 bytes each); when reached, all held readings are dropped and read from InfluxDB.
     */
    @WithDefault("2000000")
    int heldReadings();

    /** Readings further apart than this leave the time between them uncovered: intervals in it are estimated. */
    @WithDefault("1h")
    Duration gapLimit();

    /** Readings are fetched from InfluxDB at most this much time at once when a long range is recomputed. */
    @WithDefault("7d")
    Duration chunk();

    /**
     * Most stored readings read from InfluxDB in one request when rollups are recomputed from the
     * store: meters are read in groups, and a chunk where one meter alone has more is halved (down to
     * a quarter hour). The client holds a response's readings as strings, over 100 bytes each.
     */
    @WithDefault("100000")
    int readBatch();

    /** How far back every meter is recomputed when the service starts (ranges noted just before a crash). */
    @WithDefault("24h")
    Duration startupRecheck();

    /** Dirty ranges one run claims at most. */
    @WithDefault("500")
    int claimBatch();

    /** Interval figures per InfluxDB write when several meters are recomputed together. */
    @WithDefault("5000")
    int writeBatch();

    /** Meters one run recomputes together (their figures written in shared writes). */
    @WithDefault("50")
    int meterGroup();

    /**
     * A run starts no further group of meters once it has run this long; the ranges it claimed and
     * did not reach wait for the next run. Keep it well below the transaction timeout (60 s).
     */
    @WithDefault("20s")
    Duration runBudget();
}
