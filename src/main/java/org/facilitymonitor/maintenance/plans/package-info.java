/**
 * The scheduling core of preventive-maintenance plans: pure functions of a plan's rule, its stored
 * progress and a {@link java.time.Clock}; the scheduler, the database and the work orders sit around it.
 *
 * <ul>
 * <li>Calendar plans ({@link org.facilitymonitor.maintenance.plans.CalendarRule}) compute occurrences in
 * site-local time: month-end days clamp (31st → 30 April, 28/29 February; 29 February → 28 February
 * in common years) without drifting; a due time in the spring-forward gap moves forward by the gap, one
 * in the fall-back overlap takes the earlier offset.</li>
 * <li>An occurrence's key is its local due date ("2026-03-29"), or "usage-k" for the k-th interval of a
 * usage plan: the same on every instance and after every restart, so a unique constraint on
 * (plan, key) makes generation idempotent. Date keys also survive an edit of the rule.</li>
 * <li>After missed runs a FIXED plan generates the latest {@link org.facilitymonitor.maintenance.plans.CatchUp}
 * occurrences that are already due and skips the older ones; a FLOATING plan never has more than one
 * occurrence open.</li>
 * <li>Usage plans ({@link org.facilitymonitor.maintenance.plans.UsageRule}) treat a counter decrease beyond a
 * tolerance as a meter reset that restarted from zero, and cross several intervals at once with one
 * order each or one catching up.</li>
 * </ul>
 *
 * <p>The shell around the core: {@code MaintenancePlan} (entity, V5), {@code PlanService} and
 * {@code PlanResource} ({@code /api/maintenance/plans}), and {@code PlanGenerator}, the scheduled job that
 * turns due occurrences into work orders one plan and one transaction at a time.
 */
package org.facilitymonitor.maintenance.plans;
