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
    @Column(name = "asset_id")
    public String assetId;
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

    @Column(name = "interval_kind")
    public String intervalKind;
    @Column(name = "interval_count")
    public Integer intervalCount;
    @Column(name = "days_of_week")
    public String daysOfWeek;
    @Column(name = "day_of_month")
    public Integer dayOfMonth;
    @Column(name = "start_date")
    public LocalDate startDate;
    @Column(name = "time_of_day")
    public LocalTime timeOfDay;
    @Enumerated(EnumType.STRING)
    public CalendarRule.Anchoring anchoring;
    @Column(name = "lead_time_seconds")
    public long leadTimeSeconds;
    @Column(name = "catch_up")
    public int catchUp = 1;
    @Column(name = "last_generated_key")
    public String lastGeneratedKey;

    @Column(name = "point_id")
    public String pointId;
    @Column(name = "usage_measure")
    public String usageMeasure;
    @Column(name = "usage_every")
    public Double usageEvery;
    @Column(name = "usage_lead")
    public Double usageLead;
    @Enumerated(EnumType.STRING)
    @Column(name = "usage_jumps")
    public UsageRule.Jumps usageJumps;
    @Column(name = "usage_since")
    public Instant usageSince;
    @Column(name = "usage_base")
    public double usageBase;
    @Column(name = "usage_last_seen")
    public double usageLastSeen;
    @Column(name = "usage_intervals_before_base")
    public int usageIntervalsBeforeBase;
    @Column(name = "usage_last_interval")
    public int usageLastInterval;

    @Column(name = "skipped_occurrences")
    public long skippedOccurrences;
    @Column(name = "last_run_at")
    public Instant lastRunAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
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
