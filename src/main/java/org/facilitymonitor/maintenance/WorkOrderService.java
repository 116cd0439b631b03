package org.facilitymonitor.maintenance;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.assets.RegistryViews.AssetView;
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.maintenance.WorkOrderViews.ChecklistResult;
import org.facilitymonitor.maintenance.WorkOrderViews.EventView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.Opened;
import org.facilitymonitor.maintenance.WorkOrderViews.Part;
import org.facilitymonitor.maintenance.WorkOrderViews.TransitionRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.WorkOrderView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Work orders: creation (by a person, a rule or a plan) and every transition, each audited.
 * The Java API for other features is {@link #openForCondition} and {@link #openForPlan}.
 */
@ApplicationScoped
@Transactional
public class WorkOrderService {

    private static final String OPEN_STATES_SQL = "state not in ('CLOSED', 'CANCELLED')";
    private static final String INSERT = """
            insert into work_order (kind, origin, asset_id, department_id, title, description, requester, rule_id,
                plan_id, occurrence_key, priority, state, requested_at, dispatch_due, start_due, complete_due, updated_at)
            values (:kind, :origin, :asset, cast(:department as varchar), :title, cast(:description as text), :requester,
                cast(:rule as bigint), cast(:plan as bigint), cast(:occurrence as varchar), :priority, 'REQUESTED', :now,
                :dispatchDue, :startDue, :completeDue, :now)
            """;

    @Inject
    Clock clock;
    @Inject
    MaintenanceConfig config;
    @Inject
    MaintenanceNotifier notifier;
    @Inject
    RegistryService registry;
    @Inject
    EntityManager em;

    DeadlineTable deadlines;

    @PostConstruct
    void init() {
        deadlines = DeadlineTable.of(config.deadlines());
    }

    /** True while the asset has an order that is neither closed nor cancelled. */
    public boolean hasOpenOrder(String assetId) {
        return ((Number) em.createNativeQuery("select count(*) from work_order where asset_id = ?1 and " + OPEN_STATES_SQL)
                .setParameter(1, assetId).getSingleResult()).longValue() > 0;
    }

    /** A person's request (REST or the asset's request link). */
    public WorkOrderView request(NewRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        required(errors, "title", r.title(), 200);
        required(errors, "requester", r.requester(), 100);
        required(errors, "assetId", r.assetId(), 64);
        if (r.description() != null && r.description().length() > 10_000) {
            errors.add(new FieldError("description", "must be at most 10000 characters"));
        }
        Priority priority = Priority.P3;
        if (r.priority() != null) {
            priority = Priority.parse(r.priority()).orElse(null);
            if (priority == null) {
                errors.add(new FieldError("priority", "must be one of P1, P2, P3, P4"));
            }
        }
        AssetView asset = null;
        if (r.assetId() != null && !r.assetId().isBlank()) {
            asset = registry.asset(r.assetId()).orElse(null);
            if (asset == null) {
                errors.add(new FieldError("assetId", "no asset '" + r.assetId() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        Instant now = clock.instant();
        WorkOrder o = new WorkOrder();
        o.kind = WorkOrder.Kind.REQUEST;
        o.origin = "request";
        o.assetId = asset.id();
        o.departmentId = asset.department();
        o.title = r.title().trim();
        o.description = r.description();
        o.requester = r.requester().trim();
        o.priority = priority;
        o.state = WorkOrderState.REQUESTED;
        o.requestedAt = now;
        o.updatedAt = now;
        DeadlineTable.DueTimes due = deadlines.dueTimes(priority, now);
        o.dispatchDue = due.dispatch();
        o.startDue = due.start();
        o.completeDue = due.complete();
        o.persist();
        WorkOrderEvent.record(o, WorkOrderEvent.Kind.TRANSITION, now, o.requester, null, o.description);
        notifier.opened(o.id, o.assetId, o.title, o.priority);
        return WorkOrderView.of(o);
    }

    /**
     * Opens a corrective order for a rule or alarm on an asset, or returns the one already open for
     * that asset and rule (at most one is open, enforced by the partial unique index
     * {@code work_order_open_per_rule}). Safe to call again on every firing, from several instances,
     * inside the caller's transaction: the insert is {@code ON CONFLICT DO NOTHING}, so a duplicate
     * never aborts the caller's transaction. A closed or cancelled order does not count: the next
     * firing opens a new one.
     *
     * @param source what fired, for the humans (e.g. "alarm 17: supply temperature above 90 °C for 10 min")
     */
    public Opened openForCondition(String assetId, long ruleId, String title, Priority priority, String source) {
        String conflict = " on conflict (asset_id, rule_id) where rule_id is not null and " + OPEN_STATES_SQL
                + " do nothing returning id";
        String existing = "select id from work_order where asset_id = :asset and rule_id = :rule and " + OPEN_STATES_SQL;
        // The open order can be closed between our conflict and our read; then the next insert succeeds.
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Long> created = insert(WorkOrder.Kind.CONDITION, source, assetId, title, null, "rule:" + ruleId,
                    ruleId, null, null, priority, conflict);
            if (created.isPresent()) {
                return afterCreate(created.get(), List.of());
            }
            List<?> ids = em.createNativeQuery(existing).setParameter("asset", assetId).setParameter("rule", ruleId)
                    .getResultList();
            if (!ids.isEmpty()) {
                return existing(((Number) ids.get(0)).longValue());
            }
        }
        throw new IllegalStateException("no open work order for asset " + assetId + " and rule " + ruleId
                + " could be created or found");
    }

    /**
     * Opens the order of one occurrence of a preventive-maintenance plan, or returns the existing one
     * (whatever its state: exactly one order per plan and occurrence, unique constraint
     * {@code work_order_plan_occurrence}). Idempotent across restarts and instances like
     * {@link #openForCondition}.
     *
     * @param occurrenceKey identifies the occurrence within the plan, e.g. "2026-03-01" or "run-hours:4000"
     * @param team          the team the plan assigns (kept on the order; dispatching still names it)
     * @param checklist     checks the technician must report on at completion
     */
    public Opened openForPlan(long planId, String occurrenceKey, String assetId, String title, String description,
            Priority priority, String team, List<String> checklist) {
        Optional<Long> created = insert(WorkOrder.Kind.PLAN, "plan " + planId + " occurrence " + occurrenceKey, assetId,
                title, description, "plan:" + planId, null, planId, occurrenceKey, priority,
                " on conflict on constraint work_order_plan_occurrence do nothing returning id");
        if (created.isPresent()) {
            WorkOrder o = WorkOrder.findById(created.get());
            o.team = team;
            return afterCreate(created.get(), checklist == null ? List.of() : checklist);
        }
        Number id = (Number) em.createNativeQuery("select id from work_order where plan_id = :plan and occurrence_key = :key")
                .setParameter("plan", planId).setParameter("key", occurrenceKey).getSingleResult();
        return existing(id.longValue());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WorkOrderView> find(long id) {
        return WorkOrder.<WorkOrder>findByIdOptional(id).map(WorkOrderView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventView> history(long id) {
        if (WorkOrder.findById(id) == null) {
            throw ProblemException.notFound("work order", Long.toString(id));
        }
        return WorkOrderEvent.history(id).stream().map(EventView::of).toList();
    }

    /** Orders filtered by state, asset, priority and team, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WorkOrderView> list(Set<WorkOrderState> states, String assetId, Priority priority, String team, int page,
            int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (!states.isEmpty()) {
            where.add("state in :states");
            params.and("states", states);
        }
        Map<String, Object> eq = new java.util.LinkedHashMap<>();
        eq.put("assetId", assetId);
        eq.put("priority", priority);
        eq.put("team", team);
        eq.forEach((field, value) -> {
            if (value != null) {
                where.add(field + " = :" + field);
                params.and(field, value);
            }
        });
        var query = WorkOrder.<WorkOrder>find(where.isEmpty() ? "1 = 1" : String.join(" and ", where),
                Sort.descending("requestedAt").and("id", Sort.Direction.Descending), params);
        List<WorkOrderView> items = query.page(page, size).list().stream().map(WorkOrderView::of).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** Moves an order to {@code t.to()}; 409 naming the current state and the allowed ones when illegal. */
    public WorkOrderView transition(long id, TransitionRequest t) {
        if (t == null) {
            throw invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        WorkOrderState to = parseState(t.to());
        WorkOrder o = WorkOrder.<WorkOrder>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("work order", Long.toString(id)));
        WorkOrderState from = o.state;
        if (!WorkOrderLifecycle.isAllowed(from, to)) {
            throw ProblemException.conflict(WorkOrderLifecycle.refusal(id, from));
        }
        validateTransition(o, to, t);
        String actor = t.actor().trim();
        if (to == WorkOrderState.ACCEPTED && !actor.equals(o.requester)) {
            throw new ProblemException(403, "Forbidden", "work order " + id + " can be accepted only by its requester '"
                    + o.requester + "'; an engineer verifies it instead (VERIFIED)", List.of());
        }
        Instant now = clock.instant();
        applyEffect(o, to, t, now);
        o.state = to;
        o.updatedAt = now;
        WorkOrderEvent.record(o, WorkOrderEvent.Kind.TRANSITION, now, actor, from, t.comment());
        Log.debugf("work order %d: %s -> %s by %s", id, from, to, actor);
        return WorkOrderView.of(o);
    }

    /**
     * Escalates the late steps of one order: records the escalation once per order and step (unique
     * key, so several instances and repeated runs escalate once), raises the priority one level and
     * notifies the supervisor. Which steps are late is {@link Escalation}'s call. Due times are not
     * recomputed when the priority rises (a raise must not make the next step late at once).
     *
     * @return how many steps it escalated
     */
    public long escalateLateSteps(long id) {
        WorkOrder o = WorkOrder.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (o == null) {
            return 0;
        }
        Instant now = clock.instant();
        int escalated = 0;
        for (Escalation.LateStep late : new Escalation(clock).lateSteps(o.state, o.dueTimes())) {
            Priority before = o.priority;
            Priority after = before.raised();
            int inserted = em.createNativeQuery("""
                    insert into work_order_escalation (work_order_id, step, due_at, escalated_at, priority_before, priority_after)
                    values (:order, :step, :due, :now, :before, :after)
                    on conflict on constraint work_order_escalation_once do nothing""")
                    .setParameter("order", id).setParameter("step", late.step().name())
                    .setParameter("due", late.dueAt()).setParameter("now", now)
                    .setParameter("before", before.name()).setParameter("after", after.name())
                    .executeUpdate();
            if (inserted == 0) {
                continue;
            }
            o.priority = after;
            o.updatedAt = now;
            WorkOrderEvent.record(o, WorkOrderEvent.Kind.ESCALATION, now, "escalation", o.state,
                    late.step() + " step late (due " + late.dueAt() + "); priority " + before + " -> " + after);
            notifier.stepLate(new MaintenanceNotifier.LateStep(id, o.assetId, o.title, late.step(), late.dueAt(), now,
                    before, after, o.assignee, o.team));
            escalated++;
        }
        return escalated;
    }

    /** 422 listing every field the move to {@code to} lacks or gets wrong. */
    private void validateTransition(WorkOrder o, WorkOrderState to, TransitionRequest t) {
        List<FieldError> errors = new ArrayList<>();
        required(errors, "actor", t.actor(), 100);
        switch (to) {
            case DISPATCHED -> {
                if (blank(t.assignee()) && blank(t.team())) {
                    errors.add(new FieldError("assignee", "an assignee or a team is required"));
                }
            }
            case COMPLETED -> validateCompletion(o, t, errors);
            case REOPENED -> required(errors, "comment", t.comment(), 10_000);
            case RATED -> {
                if (t.rating() == null) {
                    errors.add(new FieldError("rating", "is required"));
                } else if (t.rating() < 1 || t.rating() > 5) {
                    errors.add(new FieldError("rating", "must be between 1 and 5"));
                }
            }
            default -> {
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** What entering state {@code to} records on the order besides the state itself. */
    private void applyEffect(WorkOrder o, WorkOrderState to, TransitionRequest t, Instant now) {
        switch (to) {
            case DISPATCHED -> {
                o.assignee = blank(t.assignee()) ? null : t.assignee().trim();
                o.team = blank(t.team()) ? o.team : t.team().trim();
                if (o.dispatchedAt == null) {
                    o.dispatchedAt = now;
                }
            }
            case IN_PROGRESS -> {
                if (o.startedAt == null) {
                    o.startedAt = now;
                }
            }
            case COMPLETED -> {
                o.notes = t.notes();
                o.labourMinutes = t.labourMinutes();
                o.parts.clear();
                if (t.parts() != null) {
                    t.parts().forEach(p -> o.parts.add(new WorkOrder.PartUsed(p.name().trim(), p.quantity())));
                }
                applyChecklist(o, t.checklist());
                o.completedAt = now;
                o.acceptDue = deadlines.acceptDue(o.priority, now);
            }
            case ACCEPTED, VERIFIED -> o.acceptedAt = now;
            case REOPENED -> {
                // Not complete any more: the redo's completion is what counts (and is due at the original time).
                o.completedAt = null;
                o.acceptDue = null;
            }
            case RATED -> {
                o.rating = t.rating();
                o.ratingComment = t.comment();
                o.ratedAt = now;
            }
            case CLOSED -> o.closedAt = now;
            case CANCELLED -> o.cancelledAt = now;
            default -> throw new IllegalStateException("no effect defined for " + to);
        }
    }

    private void validateCompletion(WorkOrder o, TransitionRequest t, List<FieldError> errors) {
        if (t.labourMinutes() != null && t.labourMinutes() < 0) {
            errors.add(new FieldError("labourMinutes", "must be 0 or more"));
        }
        List<Part> parts = t.parts() == null ? List.of() : t.parts();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (p == null || blank(p.name())) {
                errors.add(new FieldError("parts[" + i + "].name", "is required"));
            }
            if (p == null || p.quantity() == null || p.quantity().compareTo(BigDecimal.ZERO) <= 0) {
                errors.add(new FieldError("parts[" + i + "].quantity", "must be more than 0"));
            }
        }
        List<ChecklistResult> results = t.checklist() == null ? List.of() : t.checklist();
        for (int i = 0; i < results.size(); i++) {
            ChecklistResult c = results.get(i);
            if (c == null || blank(c.item())) {
                errors.add(new FieldError("checklist[" + i + "].item", "is required"));
            } else if (c.passed() == null) {
                errors.add(new FieldError("checklist[" + i + "].passed", "is required"));
            }
        }
        Set<String> reported = results.stream().filter(c -> c != null && c.item() != null)
                .map(c -> c.item().trim()).collect(Collectors.toSet());
        for (WorkOrder.ChecklistItem planned : o.checklist) {
            if (!reported.contains(planned.item)) {
                errors.add(new FieldError("checklist", "no result for '" + planned.item + "'"));
            }
        }
    }

    private static void applyChecklist(WorkOrder o, List<ChecklistResult> results) {
        if (results == null) {
            return;
        }
        Map<String, ChecklistResult> byItem = results.stream()
                .collect(Collectors.toMap(c -> c.item().trim(), Function.identity(), (a, b) -> b, java.util.LinkedHashMap::new));
        for (WorkOrder.ChecklistItem planned : o.checklist) {
            ChecklistResult r = byItem.remove(planned.item);
            planned.passed = r.passed();
            planned.note = r.note();
        }
        byItem.forEach((item, r) -> o.checklist.add(new WorkOrder.ChecklistItem(item, r.passed(), r.note())));
    }

    private Optional<Long> insert(WorkOrder.Kind kind, String origin, String assetId, String title, String description,
            String requester, Long ruleId, Long planId, String occurrenceKey, Priority priority, String onConflict) {
        List<FieldError> errors = new ArrayList<>();
        required(errors, "title", title, 200);
        required(errors, "assetId", assetId, 64);
        AssetView asset = blank(assetId) ? null : registry.asset(assetId).orElse(null);
        if (asset == null && !blank(assetId)) {
            errors.add(new FieldError("assetId", "no asset '" + assetId + "'"));
        }
        if (priority == null) {
            errors.add(new FieldError("priority", "is required"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        Instant now = clock.instant();
        DeadlineTable.DueTimes due = deadlines.dueTimes(priority, now);
        List<?> ids = em.createNativeQuery(INSERT + onConflict)
                .setParameter("kind", kind.name())
                .setParameter("origin", origin == null || origin.isBlank() ? kind.name().toLowerCase() : truncate(origin, 200))
                .setParameter("asset", assetId)
                .setParameter("department", asset.department())
                .setParameter("title", title.trim())
                .setParameter("description", description)
                .setParameter("requester", requester)
                .setParameter("rule", ruleId)
                .setParameter("plan", planId)
                .setParameter("occurrence", occurrenceKey)
                .setParameter("priority", priority.name())
                .setParameter("now", now)
                .setParameter("dispatchDue", due.dispatch())
                .setParameter("startDue", due.start())
                .setParameter("completeDue", due.complete())
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
    }

    private Opened afterCreate(long id, List<String> checklist) {
        WorkOrder o = WorkOrder.findById(id);
        checklist.stream().filter(item -> !blank(item))
                .forEach(item -> o.checklist.add(new WorkOrder.ChecklistItem(item.trim(), null, null)));
        WorkOrderEvent.record(o, WorkOrderEvent.Kind.TRANSITION, o.requestedAt, o.requester, null, o.origin);
        notifier.opened(o.id, o.assetId, o.title, o.priority);
        return new Opened(id, true, o.state);
    }

    private static Opened existing(long id) {
        WorkOrder o = WorkOrder.findById(id);
        return new Opened(id, false, o.state);
    }

    private static WorkOrderState parseState(String to) {
        try {
            return WorkOrderState.valueOf(to == null ? "" : to.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new FieldError("to", "must be one of " + java.util.Arrays.toString(WorkOrderState.values()))));
        }
    }

    private static void required(List<FieldError> errors, String field, String value, int maxLength) {
        if (blank(value)) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return new ProblemException(400, "Bad request", detail, errors);
    }
}
