package org.facilitymonitor.rules;

import java.util.Locale;

/**
 * Severity of a rule, of the alarms it raises and of the notifications about them, most severe
 * first; a work order's P1 is {@link #CRITICAL}.
 */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING, INFO;

    /** True when this severity is {@code minimum} or more severe. */
    public boolean atLeast(Severity minimum) {
        return ordinal() <= minimum.ordinal();
    }

    /** The name in MQTT topics: {@code fm/v1/{site}/alerts/critical}. */
    public String topicName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
