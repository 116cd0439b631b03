package org.facilitymonitor.maintenance.plans;

import java.time.Instant;
import java.util.List;
import org.facilitymonitor.maintenance.Priority;

/** The wire formats of {@code /api/maintenance/plans}. Dates, times and durations are ISO-8601 strings. */
public final class PlanViews {

    private PlanViews() {
    }

    /**
     * What a client sends to create or replace a plan: exactly one of {@code calendar} and {@code usage}.
     *
     * @param leadTime ISO-8601 duration ("P2D"): a calendar occurrence's order is opened this long before it is due
     */
    public record PlanRequest(String assetId, String title, String description, List<String> checklist, String team,
            String priority, String leadTime, Boolean enabled, CalendarRequest calendar, UsageRequest usage) {
    }

    /**
     * @param interval   days, weeks, weeksOn, months, monthsOnDay, monthsOnLastDay or years
     * @param every      N (≥ 1)
     * @param daysOfWeek weeksOn only: MONDAY … SUNDAY
     * @param dayOfMonth monthsOnDay only: 1–31 (a day the month lacks becomes its last day)
     * @param start      first possible date (FIXED), the first occurrence (FLOATING)
     * @param timeOfDay  site-local "HH:mm"
     * @param anchoring  FIXED (default) or FLOATING (from the last completion)
     * @param catchUp    FIXED: at most this many already-due occurrences are opened after missed runs (default 1)
     */
    public record CalendarRequest(String interval, Integer every, List<String> daysOfWeek, Integer dayOfMonth,
            String start, String timeOfDay, String anchoring, Integer catchUp) {
    }

    /**
     * @param measure      runHours or starts (state point), consumption (cumulative point)
     * @param every        usage between two services, in the counter's unit (h, starts, the register's unit)
     * @param leadFraction open the order at this fraction of each interval (0 &lt; f ≤ 1), or
     * @param lead         this many units before the interval ends (0 ≤ lead &lt; every); neither: at the end
     * @param jumps        ORDER_PER_INTERVAL (default) or ONE_ORDER_CATCHING_UP
     * @param since        usage counts from this instant (default: creation)
     */
    public record UsageRequest(String pointId, String measure, Double every, Double leadFraction, Double lead,
            String jumps, String since) {
    }

    public record PlanView(long id, String assetId, String siteId, String timezone, String title, String description,
            List<String> checklist, String team, Priority priority, boolean enabled, String kind, CalendarView calendar,
            UsageView usage, long skippedOccurrences, String lastRunAt, String createdAt, String updatedAt) {
    }

    public record CalendarView(String interval, int every, List<String> daysOfWeek, Integer dayOfMonth, String start,
            String timeOfDay, String anchoring, String leadTime, int catchUp, String lastGeneratedKey) {
    }

    /** {@code counter}: usage since {@code since} at the last run; {@code lastInterval}: the latest usage-k opened. */
    public record UsageView(String pointId, String measure, double every, double lead, String jumps, String since,
            double counter, int lastInterval) {
    }

    /** A calendar occurrence: its key, when it is due (UTC and site-local) and when its order is opened. */
    public record OccurrenceView(String key, String dueAt, String localDueAt, String generateAt) {
    }

    /** What one run did for a plan; {@code ran} false when another instance held the plan. */
    public record RunResult(long planId, boolean ran, List<Generated> generated, List<String> skipped, Double counter) {

        static RunResult busy(long planId) {
            return new RunResult(planId, false, List.of(), List.of(), null);
        }

        public long created() {
            return generated.stream().filter(Generated::created).count();
        }
    }

    /** One occurrence handed to the work orders: the order, and whether this run created it. */
    public record Generated(String key, String dueAt, long workOrderId, boolean created) {
    }

    static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
