package org.facilitymonitor.edge.load;

import java.util.List;

/** Outcome of a load run; counts are of batches the broker acknowledged (PUBACK). */
public record LoadReport(String startedAt, String broker, String site, int connections, double targetRate,
                         int readingsPerMessage, int inflight, double durationSeconds, long batches, long readings,
                         long failed, long unacknowledged, long resends, double achievedRate,
                         double achievedReadingsRate, long maxTimestampLeadMs, List<Edge> edges) {

    public record Edge(String edge, long batches, long readings, Long firstSeq, Long lastSeq, long failed,
                       long unacknowledged, long resends, String error) {
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "load: %d connections, %d batches (%d readings) acknowledged in %.1f s = %.1f msg/s, %.0f readings/s"
                        + " (target %s); %d failed, %d unacknowledged, %d resent",
                connections, batches, readings, durationSeconds, achievedRate, achievedReadingsRate,
                targetRate == 0 ? "as fast as possible" : String.format(java.util.Locale.ROOT, "%.0f msg/s", targetRate),
                failed, unacknowledged, resends);
    }
}
