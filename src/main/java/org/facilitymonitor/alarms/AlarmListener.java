package org.facilitymonitor.alarms;

/**
 * Told about every new (not reopened, not suppressed) alarm, inside the alarm's transaction, so what
 * it writes (the notification feature's outbox rows) commits or rolls back with the alarm.
 */
public interface AlarmListener {

    void raised(Alarm alarm, String ruleName);
}
