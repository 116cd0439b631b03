package org.facilitymonitor.edge.queue;

import java.util.Objects;

/**
 * One entry of the {@link DiskQueue}: an encoded batch with what the queue needs to know about it
 * without decoding it (its seq, the first and last reading timestamp, the number of readings).
 */
public record QueuedBatch(long seq, long firstTs, long lastTs, int readings, byte[] payload) {

    public QueuedBatch {
        Objects.requireNonNull(payload, "payload");
        if (readings < 0) {
            throw new IllegalArgumentException("readings: must be >= 0");
        }
    }
}
