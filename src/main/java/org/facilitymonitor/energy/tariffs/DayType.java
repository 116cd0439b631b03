package org.facilitymonitor.energy.tariffs;

/** Which time-of-use schedule a local day follows. */
public enum DayType {
    WORKDAY, WEEKEND, HOLIDAY
}
