package org.facilitymonitor.alarms;

/** ACTIVE_UNACK → ACTIVE_ACK (a person acknowledged it) → CLEARED (the condition ended, with hysteresis). */
public enum AlarmStatus {
    ACTIVE_UNACK, ACTIVE_ACK, CLEARED
}
