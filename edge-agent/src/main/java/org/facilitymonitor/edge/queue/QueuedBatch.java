package org.facilitymonitor.edge.queue;

import java.util.Objects;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;

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

    /** {@code batch} as the queue keeps it: encoded once (a resend carries the same bytes), with its seq, time span and count. */
    public static QueuedBatch of(Batch batch) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Reading r : batch.readings()) {
            first = Math.min(first, r.ts());
            last = Math.max(last, r.ts());
        }
        return new QueuedBatch(batch.seq(), first, last, batch.readings().size(), ContractV1.encode(batch));
    }
}
