package org.facilitymonitor.maintenance.plans;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a calendar plan falls due: an {@link Interval} of days, weeks, months or years at a local
 * time of day in the site's zone.
 *
 * <p>Occurrences are computed as local dates and only then placed on the time line, so "09:00"
 * stays 09:00 on the wall clock across DST changes. The placement follows
 * {@link ZonedDateTime#ofLocal} without a preferred offset: a time in the spring-forward gap moves
 * forward by the length of the gap (02:30 on 29 March 2026 in Europe/Berlin happens at 03:30 CEST),
 * a time in the fall-back overlap takes the earlier offset (the first 02:30 on 25 October 2026, still
 * CEST), so every occurrence happens exactly once.
 *
 * @param start     the first day a FIXED plan can fall on and the due date of a FLOATING plan's first occurrence
 * @param anchoring FIXED (start + k·interval, whatever the completions) or FLOATING (last completion + interval)
 */
public record CalendarRule(Interval interval, LocalDate start, LocalTime timeOfDay, ZoneId zone, Anchoring anchoring) {

    public enum Anchoring {
        /** Occurrences on start + k·interval; a late or early completion does not move them. */
        FIXED,
        /** The next occurrence is one interval after the (site-local) date of the last completion. */
        FLOATING
    }

    public CalendarRule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(timeOfDay, "timeOfDay");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(anchoring, "anchoring");
        if (anchoring == Anchoring.FLOATING && interval.pinsDay()) {
            throw new IllegalArgumentException("a FLOATING plan cannot be pinned to days of week or month: " + interval);
        }
    }

    public static CalendarRule fixed(Interval interval, LocalDate start, LocalTime timeOfDay, ZoneId zone) {
        return new CalendarRule(interval, start, timeOfDay, zone, Anchoring.FIXED);
    }

    public static CalendarRule floating(Interval interval, LocalDate start, LocalTime timeOfDay, ZoneId zone) {
        return new CalendarRule(interval, start, timeOfDay, zone, Anchoring.FLOATING);
    }

    /** The instant of the occurrence on a local date (gap: moved forward; overlap: earlier offset). */
    public ZonedDateTime dueAt(LocalDate date) {
        return ZonedDateTime.ofLocal(date.atTime(timeOfDay), zone, null);
    }

    /** The occurrence on a local date; its key is that date. */
    public Occurrence occurrenceOn(LocalDate date, Duration leadTime) {
        Instant due = dueAt(date).toInstant();
        return new Occurrence(date.toString(), due, due.minus(leadTime));
    }

    /** The site-local date of an instant, e.g. of a completion. */
    public LocalDate localDateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The dates of a FIXED plan from {@code from} to {@code to} (both inclusive), ascending, none before the start. */
    public List<LocalDate> fixedDates(LocalDate from, LocalDate to) {
        LocalDate first = from.isBefore(start) ? start : from;
        List<LocalDate> dates = new ArrayList<>();
        for (long period = Math.max(0, interval.periodContaining(start, first)); ; period++) {
            List<LocalDate> inPeriod = interval.datesInPeriod(start, period);
            if (inPeriod.get(0).isAfter(to)) {
                return dates;
            }
            for (LocalDate date : inPeriod) {
                if (!date.isBefore(first) && !date.isAfter(to)) {
                    dates.add(date);
                }
            }
        }
    }

    /** The date of a FLOATING plan's occurrence after a completion at {@code completedAt}. */
    public LocalDate floatingDateAfter(Instant completedAt) {
        return interval.afterCompletion(localDateOf(completedAt));
    }
}
