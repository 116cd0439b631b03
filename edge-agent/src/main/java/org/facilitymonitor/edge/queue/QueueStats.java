package org.facilitymonitor.edge.queue;

import java.util.OptionalLong;

/**
 * A snapshot of a {@link DiskQueue}.
 *
 * @param depthBatches       batches queued (appended, not yet acknowledged)
 * @param depthReadings      readings in those batches
 * @param depthBytes         bytes of those batches on disk, framing included
 * @param diskBytes          bytes of all segment files (includes acknowledged records of the oldest segment)
 * @param segments           number of segment files
 * @param oldestTs           first timestamp of the oldest queued batch, empty when the queue is empty
 * @param droppedBatches     batches dropped at the cap, ever (persisted)
 * @param droppedReadings    readings in those batches, ever (persisted)
 * @param lastAckedSeq       seq of the last acknowledged batch, -1 if none (persisted)
 * @param corruptTailRecords torn or corrupt records cut off the end of a segment when this queue was opened
 */
public record QueueStats(long depthBatches, long depthReadings, long depthBytes, long diskBytes, int segments,
                         OptionalLong oldestTs, long droppedBatches, long droppedReadings, long lastAckedSeq,
                         long corruptTailRecords) {
}
