package org.facilitymonitor.alarms;

import org.facilitymonitor.rules.ConclusionJournal;
import org.facilitymonitor.rules.RuleEvent;

/**
 * A rule's conclusion as the alarms record it, from the engine's queue or from the journal. Its key
 * is (rule, type, ts): a rule concludes at most once per reading, and its readings' timestamps only rise.
 */
public record Conclusion(long ruleId, RuleEvent.Type type, long ts, String siteId, String assetId, String pointId,
        Double value, String message) {

    public static Conclusion of(RuleEvent e) {
        return new Conclusion(e.rule().id(), e.type(), e.ts(), e.rule().siteId(), e.rule().assetId(), e.rule().pointId(),
                e.value(), e.message());
    }

    public static Conclusion of(ConclusionJournal.Entry e) {
        return new Conclusion(e.ruleId(), e.type(), e.ts(), e.siteId(), e.assetId(), e.pointId(), e.value(), e.message());
    }

    public String key() {
        return ruleId + ":" + type + ":" + ts;
    }
}
