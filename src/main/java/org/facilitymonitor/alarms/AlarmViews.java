package org.facilitymonitor.alarms;

import java.time.Instant;
import java.util.List;
import org.facilitymonitor.rules.Severity;

/** Wire formats of the alarm API. */
public final class AlarmViews {

    private AlarmViews() {
    }

    /**
     * Acknowledge or comment: POST /api/alarms/{id}/acknowledge, /comments. The actor is the
     * logged-in user; {@code actor} is accepted only when it names that user (older clients sent it).
     */
    public record Action(String actor, String comment) {
    }

    /** POST /api/maintenance-windows; the creator is the logged-in user. */
    public record WindowRequest(String assetId, Instant startsAt, Instant endsAt, String reason) {
    }

    public record AlarmView(long id, long ruleId, String siteId, String assetId, String pointId, Severity severity,
            AlarmStatus status, String message, Instant raisedAt, Double triggerValue, Instant lastTs, Double lastValue,
            int occurrences, Instant acknowledgedAt, String acknowledgedBy, Instant clearedAt, boolean suppressed,
            String suppressionReason, Long workOrderId) {

        static AlarmView of(Alarm a) {
            return new AlarmView(a.id, a.ruleId, a.siteId, a.assetId, a.pointId, a.severity, a.status, a.message,
                    a.raisedAt, a.triggerValue, a.lastTs, a.lastValue, a.occurrences, a.acknowledgedAt,
                    a.acknowledgedBy, a.clearedAt, a.suppressed, a.suppressionReason, a.workOrderId);
        }
    }

    /** One step of an alarm's life in GET /api/alarms/{id}. */
    public record HistoryView(long id, long alarmId, Instant at, String type, String actor, String comment,
            Double value) {

        static HistoryView of(AlarmHistory h) {
            return new HistoryView(h.id, h.alarmId, h.at, h.type, h.actor, h.comment, h.value);
        }
    }

    public record AlarmWithHistory(AlarmView alarm, List<HistoryView> history) {
    }

    public record WindowView(long id, String siteId, String assetId, Instant startsAt, Instant endsAt, String reason,
            String createdBy, Instant createdAt) {

        static WindowView of(MaintenanceWindow w) {
            return new WindowView(w.id, w.siteId, w.assetId, w.startsAt, w.endsAt, w.reason, w.createdBy, w.createdAt);
        }
    }

    /** A conclusion set aside for a permanent reason (GET /api/alarms/set-aside). */
    public record SetAsideView(long id, long ruleId, String type, Instant ts, String siteId, String assetId,
            String pointId, Double value, String message, String reason, String detail, String sqlState, int attempts,
            Instant setAsideAt) {
    }
}
