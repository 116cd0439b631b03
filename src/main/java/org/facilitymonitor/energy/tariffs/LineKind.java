package org.facilitymonitor.energy.tariffs;

/** What a cost line charges for. */
public enum LineKind {
    /** Energy in a time-of-use period. */
    PERIOD,
    /** Energy in a block of the month's cumulative quantity. */
    TIER,
    /** The fixed monthly charge (its share of the month for a version in force part of it). */
    FIXED,
    /** The demand charge on the highest 15-minute demand. */
    DEMAND
}
