package org.facilitymonitor.energy.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * What a report covers: a site, the local dates [from, to) in the site's time zone, and the
 * departments it is restricted to (empty: all).
 */
public record ReportScope(String site, ZoneId zone, LocalDate from, LocalDate to, Set<String> departments) {

    public ReportScope {
        departments = Set.copyOf(departments);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.atStartOfDay(zone).toInstant();
    }

    public boolean includes(String department) {
        return departments.isEmpty() || (department != null && departments.contains(department));
    }

    public ReportScope period(LocalDate otherFrom, LocalDate otherTo) {
        return new ReportScope(site, zone, otherFrom, otherTo, departments);
    }
}
