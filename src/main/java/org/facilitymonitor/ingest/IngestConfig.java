package org.facilitymonitor.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Period;

@ConfigMapping(prefix = "fm.ingest")
public interface IngestConfig {

    /** Start consuming MQTT at start-up; off for tests and tools that only need the REST API. */
    @WithDefault("true")
    boolean enabled();

    /** Largest accepted data message; larger ones are rejected as too-large. */
    @WithDefault("262144")
    int maxPayloadBytes();

    /** Most readings one batch may carry. */
    @WithDefault("5000")
    int maxReadings();

    /** Deepest JSON nesting accepted (a valid batch needs 3). */
    @WithDefault("8")
    int maxNestingDepth();

    /** Oldest accepted reading of a live batch, relative to now. */
    @WithDefault("P30D")
    Duration maxPast();

    /**
     * Oldest accepted reading of a batch marked {@code historical: true} (meter history, backfill), relative to
     * now; never narrower than {@link #maxPast()}. Bounds what a wrong edge clock can write (every week of
     * history is a shard in InfluxDB).
     */
    @WithDefault("P5Y")
    Period historicalMaxAge();

    /** Furthest accepted reading in the future (edge clock skew). */
    @WithDefault("PT5M")
    Duration maxFuture();

    /**
     * Reject readings of points whose asset names no edge (reason not-owner). Off by default so that
     * sites described before edges existed keep working; such readings are counted in
     * fm_ingest_readings_unowned_total either way.
     */
    @WithDefault("false")
    boolean requireEdge();

    /**
     * Most received, unacknowledged messages the service holds. At this bound the MQTT delivery
     * thread waits for the writer, so the broker keeps the rest queued. Needed because Mosquitto
     * 2.0.11 does not keep to the receive maximum once acknowledgements flow.
     */
    @WithDefault("2000")
    int maxPendingMessages();

    /** Points per InfluxDB write; a write may be larger when one message alone exceeds it. */
    @WithDefault("5000")
    int writeBatchPoints();

    /**
     * InfluxDB writes of ingest under way at once: while InfluxDB stores one batch, the next is written.
     * Acknowledgements still follow the order messages arrived in, whichever write finishes first.
     */
    @WithDefault("3")
    int concurrentWrites();

    /** How long the writer waits for more messages before writing a partial batch. */
    @WithDefault("PT0.05S")
    Duration writeLinger();

    /** First delay between retries of a failed InfluxDB write; doubles up to {@link #retryMaxDelay()}. */
    @WithDefault("PT0.2S")
    Duration retryInitialDelay();

    /** Longest delay between retries of a failed InfluxDB write; writes are retried until they succeed. */
    @WithDefault("PT5S")
    Duration retryMaxDelay();

    /** Publish rejected messages and readings to fm/v1/{site}/dead-letter/{edge}. */
    @WithDefault("true")
    boolean deadLetterEnabled();

    /** Largest part of a rejected payload copied into its dead letter. */
    @WithDefault("65536")
    int deadLetterPayloadBytes();

    /** Delivery receipts to the edges (contract v1, fm/v1/{site}/{edge}/receipt). */
    Receipts receipts();

    interface Receipts {

        /** Publish one receipt per edge and write round, after InfluxDB confirmed it and before the acknowledgements. */
        @WithDefault("true")
        boolean enabled();
    }
}
