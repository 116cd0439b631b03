package org.facilitymonitor.alarms;

/**
 * What alarms ask of work orders; the maintenance feature implements it. Called inside the alarm's
 * transaction, so an alarm and its work order commit together or not at all.
 */
public interface AlarmWorkOrders {

    /** An open (not closed or cancelled) work order on the asset: new alarms on it are suppressed. */
    boolean hasOpenWorkOrder(String assetId);

    /** Opens (idempotently) the work order of a condition rule's alarm; returns its id. */
    long openWorkOrder(Alarm alarm, String ruleName, String priority);
}
