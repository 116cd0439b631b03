package org.facilitymonitor.maintenance.plans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.maintenance.MaintenanceConfig;
import org.facilitymonitor.maintenance.Priority;
import org.facilitymonitor.maintenance.Scope;
import org.facilitymonitor.maintenance.Text;
import org.facilitymonitor.maintenance.plans.PlanViews.CalendarRequest;
import org.facilitymonitor.maintenance.plans.PlanViews.CalendarView;
import org.facilitymonitor.maintenance.plans.PlanViews.OccurrenceView;
import org.facilitymonitor.maintenance.plans.PlanViews.PlanRequest;
import org.facilitymonitor.maintenance.plans.PlanViews.PlanView;
import org.facilitymonitor.maintenance.plans.PlanViews.UsageRequest;
import org.facilitymonitor.maintenance.plans.PlanViews.UsageView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.CurrentUser;

/**
 * Plans over REST: checked (422 naming every bad field), stored, previewed. Generation is {@link PlanGenerator}'s.
 * Every method acts within {@link CurrentUser}'s sites: another site's plan (or asset) is as absent as a missing one.
 */
@ApplicationScoped
@Transactional
public class PlanService {

    /** At most this many occurrences in one preview. */
    static final int MAX_PREVIEW = 500;
    /** The longest preview range, in years (a daily plan: under 2,000 dates to compute). */
    static final int MAX_PREVIEW_YEARS = 5;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    MaintenanceConfig config;
    @Inject
    CurrentUser user;

    public PlanView create(PlanRequest request) {
        MaintenancePlan plan = new MaintenancePlan();
        plan.createdAt = clock.instant();
        apply(plan, request, true);
        plan.persist();
        return view(plan);
    }

    /**
     * Replaces a plan's definition. Its progress stays: date keys already generated are not opened again,
     * and a usage plan keeps counting its intervals (its {@code since} cannot move).
     */
    public PlanView replace(long id, PlanRequest request) {
        // Locked like a generation step, so the step's progress and this edit never overwrite each other.
        MaintenancePlan plan = MaintenancePlan.<MaintenancePlan>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(this::visible).orElseThrow(() -> notFound(id));
        apply(plan, request, false);
        return view(plan);
    }

    /** Deletes a plan that never opened an order; one with orders keeps its history and can only be disabled. */
    public void delete(long id) {
        MaintenancePlan plan = find(id);
        long orders = ((Number) em.createNativeQuery("select count(*) from work_order where plan_id = :plan")
                .setParameter("plan", id).getSingleResult()).longValue();
        if (orders > 0) {
            throw ProblemException.conflict("plan " + id + " has " + orders + " work order(s); disable it"
                    + " (PUT with \"enabled\": false) instead of deleting it");
        }
        plan.delete();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PlanView> get(long id) {
        return MaintenancePlan.<MaintenancePlan>findByIdOptional(id).filter(this::visible).map(PlanService::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PlanView> list(String assetId) {
        List<FieldError> errors = new ArrayList<>();
        Text.singleLine(errors, "asset", assetId, 64, false);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("asset must be an asset id", errors);
        }
        Optional<Set<String>> sites = Scope.sites(user);
        if (sites.isPresent() && sites.get().isEmpty()) {
            return List.of();
        }
        String where = (assetId == null ? "1 = 1" : "assetId = :asset") + (sites.isPresent() ? " and siteId in :sites" : "");
        io.quarkus.panache.common.Parameters params = new io.quarkus.panache.common.Parameters();
        if (assetId != null) {
            params.and("asset", assetId);
        }
        sites.ifPresent(s -> params.and("sites", s));
        List<MaintenancePlan> plans = MaintenancePlan.list(where + " order by id", params);
        return plans.stream().map(PlanService::view).toList();
    }

    private boolean visible(MaintenancePlan plan) {
        return Scope.visible(user, plan.siteId);
    }

    /**
     * The calendar occurrences of a plan whose local due date is in {@code [from, to]}: every one for a FIXED
     * plan (whether already generated or not), the next one for a FLOATING plan (it depends on the next completion).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OccurrenceView> occurrences(long id, String fromText, String toText) {
        MaintenancePlan plan = find(id);
        if (plan.kind != MaintenancePlan.Kind.CALENDAR) {
            throw ProblemException.conflict("plan " + id + " is a usage plan: its occurrences follow the counter"
                    + " (see usage.counter and usage.lastInterval on the plan)");
        }
        CalendarRule rule = plan.calendarRule(zoneOf(plan.assetId));
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = fromText == null ? rule.localDateOf(clock.instant()) : date(errors, "from", fromText);
        LocalDate to = toText == null ? (from == null ? null : from.plusYears(1)) : date(errors, "to", toText);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new FieldError("to", "must not be before from"));
        } else if (from != null && to != null && to.isAfter(from.plusYears(MAX_PREVIEW_YEARS))) {
            errors.add(new FieldError("to", "at most " + MAX_PREVIEW_YEARS + " years after from"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the range has " + errors.size() + " problem(s)", errors);
        }
        List<LocalDate> dates;
        if (rule.anchoring() == CalendarRule.Anchoring.FIXED) {
            dates = rule.fixedDates(from, to);
        } else {
            LocalDate next = PlanGenerator.lastCompletion(em, id).map(rule::floatingDateAfter).orElse(rule.start());
            dates = next.isBefore(from) || next.isAfter(to) ? List.of() : List.of(next);
        }
        return dates.stream().limit(MAX_PREVIEW).map(d -> {
            Occurrence o = rule.occurrenceOn(d, plan.leadTime());
            return new OccurrenceView(o.key(), o.dueAt().toString(), rule.dueAt(d).toOffsetDateTime().toString(),
                    o.generateAt().toString());
        }).toList();
    }

    /** The plan if it exists and is in the user's sites; 404 otherwise. */
    MaintenancePlan find(long id) {
        return MaintenancePlan.<MaintenancePlan>findByIdOptional(id).filter(this::visible).orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound("maintenance plan", Long.toString(id));
    }

    /** The time zone of the site the asset is on. */
    static ZoneId zoneOf(String assetId) {
        Asset asset = Asset.findById(assetId);
        if (asset == null) {
            throw ProblemException.conflict("asset '" + assetId + "' is not in the registry any more");
        }
        Site site = Site.findById(asset.siteId);
        return ZoneId.of(site.timezone);
    }

    private void apply(MaintenancePlan plan, PlanRequest r, boolean creating) {
        if (r == null) {
            throw ProblemException.invalid("a plan is required as the JSON body",
                    List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        Text.singleLine(errors, "title", r.title(), 200, true);
        Text.multiLine(errors, "description", r.description(), 10_000, false);
        Text.singleLine(errors, "team", r.team(), 100, false);
        Asset asset = null;
        if (Text.singleLine(errors, "assetId", r.assetId(), 64, true)) {
            asset = Asset.findById(r.assetId());
            if (asset != null && !Scope.visible(user, asset.siteId)) {
                asset = null; // another site's asset is as unknown as a missing one
            }
            if (asset == null) {
                errors.add(new FieldError("assetId", "no asset '" + r.assetId() + "' in the registry"));
            }
        }
        Priority priority = Priority.P3;
        if (r.priority() != null) {
            priority = Priority.parse(r.priority()).orElse(null);
            if (priority == null) {
                errors.add(new FieldError("priority", "P1, P2, P3 or P4, was '" + r.priority() + "'"));
            }
        }
        List<String> checklist = r.checklist() == null ? List.of() : r.checklist();
        for (int i = 0; i < checklist.size(); i++) {
            Text.singleLine(errors, "checklist[" + i + "]", checklist.get(i), 300, true);
        }
        if (checklist.stream().filter(s -> s != null).map(String::trim).distinct().count() < checklist.size()) {
            errors.add(new FieldError("checklist", "items must be distinct"));
        }
        Duration lead = Duration.ZERO;
        if (r.leadTime() != null) {
            try {
                lead = Duration.parse(r.leadTime());
                if (lead.isNegative()) {
                    errors.add(new FieldError("leadTime", "must not be negative"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("leadTime", "an ISO-8601 duration such as P2D or PT12H, was '" + r.leadTime() + "'"));
            }
        }
        if ((r.calendar() == null) == (r.usage() == null)) {
            errors.add(new FieldError("calendar", "exactly one of calendar and usage is required"));
        } else if (r.calendar() != null) {
            if (!creating && plan.kind == MaintenancePlan.Kind.USAGE) {
                errors.add(new FieldError("calendar", "a usage plan stays a usage plan; create a new plan"));
            }
            applyCalendar(plan, r.calendar(), errors);
        } else {
            if (!creating && plan.kind == MaintenancePlan.Kind.CALENDAR) {
                errors.add(new FieldError("usage", "a calendar plan stays a calendar plan; create a new plan"));
            }
            applyUsage(plan, r.usage(), asset, creating, errors);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the plan has " + errors.size() + " problem(s)", errors);
        }
        plan.assetId = r.assetId();
        plan.siteId = asset.siteId;
        plan.title = r.title().trim();
        plan.description = r.description();
        plan.team = r.team() == null || r.team().isBlank() ? null : r.team().trim();
        plan.priority = priority;
        plan.enabled = r.enabled() == null || r.enabled();
        plan.checklist.clear();
        checklist.forEach(item -> plan.checklist.add(item.trim()));
        plan.leadTimeSeconds = lead.toSeconds();
        plan.updatedAt = clock.instant();
    }

    private void applyCalendar(MaintenancePlan plan, CalendarRequest c, List<FieldError> errors) {
        int before = errors.size();
        String kind = c.interval();
        if (kind == null || !MaintenancePlan.INTERVAL_KINDS.contains(kind)) {
            errors.add(new FieldError("calendar.interval", (kind == null ? "required" : "unknown '" + kind + "'")
                    + "; one of " + String.join(", ", MaintenancePlan.INTERVAL_KINDS)));
            kind = null;
        }
        int every = c.every() == null ? 1 : c.every();
        if (every < 1 || every > 1000) {
            errors.add(new FieldError("calendar.every", "must be between 1 and 1000"));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : c.daysOfWeek() == null ? List.<String>of() : c.daysOfWeek()) {
            try {
                days.add(DayOfWeek.valueOf(String.valueOf(day).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("calendar.daysOfWeek", "unknown day '" + day + "'; MONDAY … SUNDAY"));
            }
        }
        if ("weeksOn".equals(kind) && days.isEmpty() && c.daysOfWeek() == null) {
            errors.add(new FieldError("calendar.daysOfWeek", "required for weeksOn"));
        }
        if ("monthsOnDay".equals(kind) && c.dayOfMonth() == null) {
            errors.add(new FieldError("calendar.dayOfMonth", "required for monthsOnDay"));
        }
        if (c.dayOfMonth() != null && (c.dayOfMonth() < 1 || c.dayOfMonth() > 31)) {
            errors.add(new FieldError("calendar.dayOfMonth", "must be between 1 and 31"));
        }
        LocalDate start = c.start() == null ? null : date(errors, "calendar.start", c.start());
        if (c.start() == null) {
            errors.add(new FieldError("calendar.start", "required, e.g. 2027-01-31"));
        }
        LocalTime time = LocalTime.MIDNIGHT;
        if (c.timeOfDay() != null) {
            try {
                time = LocalTime.parse(c.timeOfDay());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("calendar.timeOfDay", "a local time such as 08:00, was '" + c.timeOfDay() + "'"));
            }
        }
        CalendarRule.Anchoring anchoring = CalendarRule.Anchoring.FIXED;
        if (c.anchoring() != null) {
            try {
                anchoring = CalendarRule.Anchoring.valueOf(c.anchoring().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("calendar.anchoring", "FIXED or FLOATING, was '" + c.anchoring() + "'"));
            }
        }
        int catchUp = c.catchUp() == null ? config.plans().catchUp() : c.catchUp();
        if (catchUp < 1 || catchUp > 1000) {
            errors.add(new FieldError("calendar.catchUp", "must be between 1 and 1000"));
        }
        if (errors.size() == before) {
            try {
                Interval interval = MaintenancePlan.interval(kind, every, days, c.dayOfMonth());
                new CalendarRule(interval, start, time, ZoneId.of("UTC"), anchoring);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("calendar.anchoring", e.getMessage()));
            }
        }
        plan.kind = MaintenancePlan.Kind.CALENDAR;
        plan.intervalKind = kind;
        plan.intervalCount = every;
        plan.daysOfWeek = "weeksOn".equals(kind) ? days.stream().map(Enum::name).collect(Collectors.joining(",")) : null;
        plan.dayOfMonth = "monthsOnDay".equals(kind) ? c.dayOfMonth() : null;
        plan.startDate = start;
        plan.timeOfDay = time;
        plan.anchoring = anchoring;
        plan.catchUp = catchUp;
    }

    private void applyUsage(MaintenancePlan plan, UsageRequest u, Asset asset, boolean creating, List<FieldError> errors) {
        Point point = null;
        if (u.pointId() == null) {
            errors.add(new FieldError("usage.pointId", "required"));
        } else {
            point = Point.findById(u.pointId());
            if (point == null) {
                errors.add(new FieldError("usage.pointId", "no point '" + u.pointId() + "' in the registry"));
            } else if (asset != null && !asset.id.equals(point.assetId)) {
                errors.add(new FieldError("usage.pointId", "'" + point.id + "' belongs to asset '" + point.assetId
                        + "', not '" + asset.id + "'"));
            }
        }
        String measure = u.measure();
        if (measure == null || !MaintenancePlan.MEASURES.contains(measure)) {
            errors.add(new FieldError("usage.measure", (measure == null ? "required" : "unknown '" + measure + "'")
                    + "; one of " + String.join(", ", MaintenancePlan.MEASURES)));
        } else if (point != null) {
            PointKind needed = "consumption".equals(measure) ? PointKind.CUMULATIVE : PointKind.STATE;
            if (point.kind != needed) {
                errors.add(new FieldError("usage.measure", measure + " needs a " + needed.wireName() + " point; '"
                        + point.id + "' is " + point.kind.wireName()));
            }
        }
        double every = u.every() == null ? Double.NaN : u.every();
        if (!(every > 0) || Double.isInfinite(every)) {
            errors.add(new FieldError("usage.every", "required, more than 0"));
        }
        double lead = 0;
        if (u.leadFraction() != null && u.lead() != null) {
            errors.add(new FieldError("usage.lead", "give leadFraction or lead, not both"));
        } else if (u.leadFraction() != null) {
            if (!(u.leadFraction() > 0 && u.leadFraction() <= 1)) {
                errors.add(new FieldError("usage.leadFraction", "must be more than 0 and at most 1"));
            } else {
                lead = every - every * u.leadFraction();
            }
        } else if (u.lead() != null) {
            lead = u.lead();
            if (!(lead >= 0 && lead < every)) {
                errors.add(new FieldError("usage.lead", "must be at least 0 and less than every"));
            }
        }
        UsageRule.Jumps jumps = UsageRule.Jumps.ORDER_PER_INTERVAL;
        if (u.jumps() != null) {
            try {
                jumps = UsageRule.Jumps.valueOf(u.jumps().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("usage.jumps", "ORDER_PER_INTERVAL or ONE_ORDER_CATCHING_UP, was '" + u.jumps() + "'"));
            }
        }
        Instant since = creating ? clock.instant() : plan.usageSince;
        if (u.since() != null) {
            try {
                Instant requested = Instant.parse(u.since());
                if (!creating && !requested.equals(plan.usageSince)) {
                    errors.add(new FieldError("usage.since", "cannot change once set (it numbers the intervals)"));
                }
                since = requested;
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("usage.since", "an instant such as 2027-01-01T00:00:00Z, was '" + u.since() + "'"));
            }
        }
        if (!creating && point != null && !point.id.equals(plan.pointId)) {
            errors.add(new FieldError("usage.pointId", "cannot change once set (it numbers the intervals); create a new plan"));
        }
        plan.kind = MaintenancePlan.Kind.USAGE;
        plan.pointId = u.pointId();
        plan.usageMeasure = measure;
        plan.usageEvery = every;
        plan.usageLead = lead;
        plan.usageJumps = jumps;
        plan.usageSince = since;
    }

    private static LocalDate date(List<FieldError> errors, String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "a date such as 2027-01-31, was '" + value + "'"));
            return null;
        }
    }

    static PlanView view(MaintenancePlan p) {
        Asset asset = Asset.findById(p.assetId);
        Site site = asset == null ? null : Site.findById(asset.siteId);
        CalendarView calendar = p.kind != MaintenancePlan.Kind.CALENDAR ? null
                : new CalendarView(p.intervalKind, p.intervalCount,
                        p.daysOfWeek().stream().map(Enum::name).toList(), p.dayOfMonth, p.startDate.toString(),
                        p.timeOfDay.toString(), p.anchoring.name(), p.leadTime().toString(), p.catchUp, p.lastGeneratedKey);
        UsageView usage = p.kind != MaintenancePlan.Kind.USAGE ? null
                : new UsageView(p.pointId, p.usageMeasure, p.usageEvery, p.usageLead, p.usageJumps.name(),
                        p.usageSince.toString(), p.usageProgress().used(), p.usageLastInterval);
        return new PlanView(p.id, p.assetId, site == null ? null : site.id, site == null ? null : site.timezone, p.title,
                p.description, List.copyOf(p.checklist), p.team, p.priority, p.enabled, p.kind.name(), calendar, usage,
                p.skippedOccurrences, PlanViews.string(p.lastRunAt), PlanViews.string(p.createdAt),
                PlanViews.string(p.updatedAt));
    }
}
