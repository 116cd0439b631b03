package org.facilitymonitor.ingest;

/**
 * Told about every batch once its readings are stored in InfluxDB, before the message is
 * acknowledged, on the writer thread: implementations must be quick and must not block (the
 * rules engine evaluates in memory and queues its conclusions).
 */
public interface StoredReadingsObserver {

    void stored(DecodedBatch batch);

    /**
     * Told just before the batch's readings are sent to InfluxDB, on the writer thread that sends them;
     * followed by {@link #written} when the write succeeds, by nothing when it fails (the broker
     * redelivers the message). Quick, must not block.
     */
    default void writing(DecodedBatch batch) {
    }

    /**
     * Told as soon as the write holding the batch succeeded, on that writer thread: possibly before
     * earlier messages are stored and concurrently with other writers; before {@link #stored} of the
     * same batch, which does not follow when the round fails (the broker redelivers it, and it is
     * written again). Quick, must not block.
     */
    default void written(DecodedBatch batch) {
    }

    /**
     * Thrown by an observer that could not make what it must keep durable before the service stops
     * (e.g. a rule conclusion while InfluxDB is down): the message and those after it stay
     * unacknowledged, for the broker to redeliver. Any other exception is logged and the message acknowledged.
     */
    final class NotDurable extends RuntimeException {
        public NotDurable(String message) {
            super(message, null, false, false);
        }
    }
}
