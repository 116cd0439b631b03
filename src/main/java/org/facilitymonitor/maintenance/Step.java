package org.facilitymonitor.maintenance;

/** The steps of a work order that have a deadline. */
public enum Step {
    /** Requested until dispatched (acknowledged). */
    DISPATCH,
    /** Requested until work started. */
    START,
    /** Requested until completed. */
    COMPLETE,
    /** Completed until accepted by the requester or verified by an engineer. */
    ACCEPT
}
