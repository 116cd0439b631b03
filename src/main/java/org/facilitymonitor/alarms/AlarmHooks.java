package org.facilitymonitor.alarms;

/**
 * What alarms ask of work orders and notifications, implemented by those features (the defaults do
 * nothing). Called inside the alarm's transaction, so an alarm, its work order and its outbox rows
 * commit together or not at all.
 */
public interface AlarmHooks {

    /** An open (not closed or cancelled) work order on the asset: new alarms on it are suppressed. */
    default boolean hasOpenWorkOrder(String assetId) {
        return false;
    }

    /** Opens (idempotently) the work order of a condition rule's alarm; returns its id, or null when there is none. */
    default Long openWorkOrder(Alarm alarm, String ruleName, String priority) {
        return null;
    }

    /** A new (or reopened) alarm that is not suppressed: tell the crews. */
    default void raised(Alarm alarm, String ruleName) {
    }
}
