package org.facilitymonitor.testing;

/**
 * What the rule engine and the alarm recorder of one instance did, from their metrics; lets a test
 * prove that a reading was evaluated and its conclusions written before it asserts that no alarm followed.
 */
public final class RuleActivity {

    private RuleActivity() {
    }

    /** Live readings of watched points the engine evaluated (historical batches are not evaluated). */
    public static double evaluated(MetricSource m) throws Exception {
        return m.value("fm_rules_readings_evaluated");
    }

    /** Raise and clear conclusions the engine reached. */
    public static double concluded(MetricSource m) throws Exception {
        return m.value("fm_rules_events");
    }

    /**
     * True when every conclusion the engine reached so far is in PostgreSQL (written, set aside, or dropped
     * and counted) and none waits or is in its transaction. The conclusions are read first: a write is
     * never counted before its conclusion.
     */
    public static boolean allConclusionsWritten(MetricSource m) throws Exception {
        double concluded = concluded(m);
        double written = m.value("fm_alarms_conclusions_written_total");
        double dropped = m.value("fm_alarms_conclusions_dropped_total");
        return m.value("fm_alarms_conclusions_pending") == 0 && written + dropped + setAside(m) >= concluded;
    }

    /** Conclusions set aside, all reasons. */
    public static double setAside(MetricSource m) throws Exception {
        double sum = 0;
        for (String reason : org.facilitymonitor.alarms.FailureClassifier.REASONS) {
            sum += m.value("fm_alarms_conclusions_set_aside_total{reason=\"" + reason + "\"}");
        }
        return sum;
    }
}
