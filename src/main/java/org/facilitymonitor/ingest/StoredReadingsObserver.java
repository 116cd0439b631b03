package org.facilitymonitor.ingest;

/**
 * Told about every batch once its readings are stored in InfluxDB, before the message is
 * acknowledged, on the writer thread: implementations must be quick and must not block (the
 * rules engine evaluates in memory and queues its conclusions).
 */
public interface StoredReadingsObserver {

    void stored(DecodedBatch batch);
}
