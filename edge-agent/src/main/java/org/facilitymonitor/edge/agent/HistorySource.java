package org.facilitymonitor.edge.agent;

import java.util.List;
import org.facilitymonitor.edge.contract.Reading;

/**
 * Readings of the past, sent before (or instead of) live sampling: a replay at the recording's own timestamps,
 * the simulator's backfill. {@link HistoryFeeder} queues them as batches marked {@code historical: true}.
 * Readings come in timestamp order, one timestamp at a time, so that a batch never splits a timestamp and the
 * position after a batch is one timestamp to resume at.
 */
public interface HistorySource {

    /** What the progress lines call it, e.g. "backfill". */
    String name();

    /** Skips everything before {@code ts} (a previous run queued it); called once, before {@link #next()}. */
    void resumeAt(long ts);

    /** The readings of the next timestamp, all with that timestamp; empty when the source is done. */
    List<Reading> next();

    /** The first timestamp of the whole history, for the progress percentage. */
    long firstTs();

    /** The last timestamp the history will reach, as far as known now (a backfill runs up to now). */
    long lastTs();

    /** Called once the whole history is queued (and on later starts, when it was queued before). */
    default void completed() {
    }
}
