package org.facilitymonitor.energy.tariffs;

/** A site calendar entry: a public holiday, or a working day on a weekend (a swapped day, 调休). */
public enum HolidayKind {
    HOLIDAY, WORKDAY
}
