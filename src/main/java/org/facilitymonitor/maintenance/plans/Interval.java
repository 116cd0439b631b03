package org.facilitymonitor.maintenance.plans;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How far apart the occurrences of a calendar plan are. A FIXED plan numbers its periods from the
 * plan's start (period k begins k·count units after the start's period) and takes the occurrence
 * day from the rule in every period, never from the previous occurrence, so month-end clamping
 * cannot drift (31 Jan, 28 Feb, 31 Mar…).
 */
public sealed interface Interval {

    int count();

    /** Every {@code count} days. */
    static Interval days(int count) {
        return new Days(count);
    }

    /** Every {@code count} weeks on the start's day of week. */
    static Interval weeks(int count) {
        return new Weeks(count);
    }

    /** Every {@code count} weeks on each of the given days (weeks run Monday to Sunday). */
    static Interval weeksOn(int count, DayOfWeek first, DayOfWeek... more) {
        return new WeeksOn(count, EnumSet.of(first, more));
    }

    /** Every {@code count} months on the start's day of month (31 → last day of shorter months). */
    static Interval months(int count) {
        return new Months(count);
    }

    /** Every {@code count} months on the given day; a day the month lacks becomes its last day. */
    static Interval monthsOnDay(int count, int dayOfMonth) {
        return new MonthsOnDay(count, dayOfMonth);
    }

    /** Every {@code count} months on the month's last day: the 31st, which every shorter month clamps to its last day. */
    static Interval monthsOnLastDay(int count) {
        return new MonthsOnDay(count, 31);
    }

    /** Every {@code count} years on the start's month and day; 29 February → 28 February in common years. */
    static Interval years(int count) {
        return new Years(count);
    }

    /** The index of the period containing {@code date}, counted from the start's period (negative before it). */
    long periodContaining(LocalDate start, LocalDate date);

    /** The occurrence dates of period {@code index} in ascending order; never empty. */
    List<LocalDate> datesInPeriod(LocalDate start, long index);

    /** Whether the rule pins a day of week or of month, which a FLOATING plan cannot honour. */
    default boolean pinsDay() {
        return false;
    }

    /** The next date of a FLOATING plan: one interval after the completion date. */
    LocalDate afterCompletion(LocalDate completionDate);

    record Days(int count) implements Interval {
        public Days {
            requirePositive(count);
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return Math.floorDiv(ChronoUnit.DAYS.between(start, date), count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            return List.of(start.plusDays(index * count));
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            return completionDate.plusDays(count);
        }
    }

    record Weeks(int count) implements Interval {
        public Weeks {
            requirePositive(count);
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return Math.floorDiv(ChronoUnit.DAYS.between(start, date), 7L * count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            return List.of(start.plusWeeks(index * count));
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            return completionDate.plusWeeks(count);
        }
    }

    record WeeksOn(int count, Set<DayOfWeek> days) implements Interval {
        public WeeksOn {
            requirePositive(count);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly rule on given days needs at least one day");
            }
            days = Set.copyOf(days);
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return Math.floorDiv(ChronoUnit.WEEKS.between(monday(start), monday(date)), count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            LocalDate monday = monday(start).plusWeeks(index * count);
            return EnumSet.copyOf(days).stream().map(day -> monday.plusDays(day.ordinal())).toList();
        }

        @Override
        public boolean pinsDay() {
            return true;
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            throw new IllegalStateException("a rule pinned to days of week does not float");
        }

        private static LocalDate monday(LocalDate date) {
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }
    }

    record Months(int count) implements Interval {
        public Months {
            requirePositive(count);
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return monthPeriod(start, date, count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            return List.of(clampedDay(YearMonth.from(start).plusMonths(index * count), start.getDayOfMonth()));
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            return completionDate.plusMonths(count);
        }
    }

    record MonthsOnDay(int count, int dayOfMonth) implements Interval {
        public MonthsOnDay {
            requirePositive(count);
            if (dayOfMonth < 1 || dayOfMonth > 31) {
                throw new IllegalArgumentException("day of month must be 1..31, was " + dayOfMonth);
            }
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return monthPeriod(start, date, count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            return List.of(clampedDay(YearMonth.from(start).plusMonths(index * count), dayOfMonth));
        }

        @Override
        public boolean pinsDay() {
            return true;
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            throw new IllegalStateException("a rule pinned to a day of month (or its last day) does not float");
        }
    }

    record Years(int count) implements Interval {
        public Years {
            requirePositive(count);
        }

        @Override
        public long periodContaining(LocalDate start, LocalDate date) {
            return Math.floorDiv((long) date.getYear() - start.getYear(), count);
        }

        @Override
        public List<LocalDate> datesInPeriod(LocalDate start, long index) {
            // plusYears from the start (not from the previous occurrence) clamps 29 Feb to 28 Feb
            // in common years and returns to 29 Feb in leap years.
            return List.of(start.plusYears(index * count));
        }

        @Override
        public LocalDate afterCompletion(LocalDate completionDate) {
            return completionDate.plusYears(count);
        }
    }

    private static long monthPeriod(LocalDate start, LocalDate date, int count) {
        return Math.floorDiv(ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(date)), count);
    }

    private static LocalDate clampedDay(YearMonth month, int dayOfMonth) {
        return month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an interval must be at least 1, was " + count);
        }
    }
}
