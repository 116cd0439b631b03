package org.facilitymonitor.rules;

/** What the engine concluded from a reading: a rule's condition started (RAISE) or ended (CLEAR). */
public record RuleEvent(Type type, RuleSpec rule, long ts, double value, String message) {
    public enum Type { RAISE, CLEAR }
}
