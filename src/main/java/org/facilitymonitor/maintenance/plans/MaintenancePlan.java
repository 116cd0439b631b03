package org.facilitymonitor.maintenance.plans;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.maintenance.Priority;

/**
 * A preventive-maintenance plan: what to do on which asset, and either a calendar rule or a usage rule,
 * with the progress of its generation (last generated key, usage progress, skipped occurrences).
 */
@Entity
@Table(name = "maintenance_plan")
public class MaintenancePlan extends PanacheEntityBase {

    public enum Kind {
        CALENDAR, USAGE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String assetId;
    /** The asset's site, kept for site scope (set whenever the asset is). */
    public String siteId;
    public String title;
    public String description;
    public String team;
    @Enumerated(EnumType.STRING)
    public Priority priority;
    public boolean enabled;
    @Enumerated(EnumType.STRING)
    public Kind kind;

    @ElementCollection
    @CollectionTable(name = "maintenance_plan_checklist_item", joinColumns = @JoinColumn(name = "plan_id"))
    @OrderColumn(name = "position")
    @Column(name = "item")
    public List<String> checklist = new ArrayList<>();

    public String intervalKind;
    public Integer intervalCount;
    public String daysOfWeek;
    public Integer dayOfMonth;
    public LocalDate startDate;
    public LocalTime timeOfDay;
    @Enumerated(EnumType.STRING)
    public CalendarRule.Anchoring anchoring;
    public long leadTimeSeconds;
    public int catchUp = 1;
    public String lastGeneratedKey;

    public String pointId;
    public String usageMeasure;
    public Double usageEvery;
    public Double usageLead;
    @Enumerated(EnumType.STRING)
    public UsageRule.Jumps usageJumps;
    public Instant usageSince;
    public double usageBase;
    public double usageLastSeen;
    public int usageIntervalsBeforeBase;
    public int usageLastInterval;

    public long skippedOccurrences;
    public Instant lastRunAt;
    public Instant createdAt;
    public Instant updatedAt;

    public Duration leadTime() {
        return Duration.ofSeconds(leadTimeSeconds);
    }

    /** The calendar rule in the site's zone. */
    public CalendarRule calendarRule(ZoneId zone) {
        return new CalendarRule(interval(intervalKind, intervalCount, daysOfWeek(), dayOfMonth), startDate, timeOfDay,
                zone, anchoring);
    }

    public Set<DayOfWeek> daysOfWeek() {
        if (daysOfWeek == null || daysOfWeek.isBlank()) {
            return Set.of();
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(daysOfWeek.split(",")).map(String::trim).map(DayOfWeek::valueOf).forEach(days::add);
        return days;
    }

    /** Never resets: the counter is usage since {@link #usageSince}, which InfluxDB keeps monotonic. */
    public UsageRule usageRule() {
        return new UsageRule(usageEvery, usageLead, Double.MAX_VALUE, usageJumps);
    }

    public UsageProgress usageProgress() {
        return new UsageProgress(usageBase, usageLastSeen, usageIntervalsBeforeBase, usageLastInterval);
    }

    public void store(UsageProgress progress) {
        usageBase = progress.base();
        usageLastSeen = progress.lastSeen();
        usageIntervalsBeforeBase = progress.intervalsBeforeBase();
        usageLastInterval = progress.lastGeneratedInterval();
    }

    /** The interval of a stored or requested calendar rule; throws IllegalArgumentException when it is not one. */
    static Interval interval(String kind, int count, Set<DayOfWeek> days, Integer dayOfMonth) {
        return switch (kind) {
            case "days" -> Interval.days(count);
            case "weeks" -> Interval.weeks(count);
            case "weeksOn" -> {
                if (days.isEmpty()) {
                    throw new IllegalArgumentException("weeksOn needs daysOfWeek");
                }
                yield new Interval.WeeksOn(count, days);
            }
            case "months" -> Interval.months(count);
            case "monthsOnDay" -> {
                if (dayOfMonth == null) {
                    throw new IllegalArgumentException("monthsOnDay needs dayOfMonth");
                }
                yield Interval.monthsOnDay(count, dayOfMonth);
            }
            case "monthsOnLastDay" -> Interval.monthsOnLastDay(count);
            case "years" -> Interval.years(count);
            default -> throw new IllegalArgumentException("unknown interval '" + kind + "'");
        };
    }

    static final List<String> INTERVAL_KINDS = List.of("days", "weeks", "weeksOn", "months", "monthsOnDay",
            "monthsOnLastDay", "years");
    static final List<String> MEASURES = List.of("runHours", "starts", "consumption");
}
