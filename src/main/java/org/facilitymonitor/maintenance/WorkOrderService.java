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
import org.facilitymonitor.maintenance.WorkOrderViews.FollowUpView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.Opened;
import org.facilitymonitor.maintenance.WorkOrderViews.Part;
import org.facilitymonitor.maintenance.WorkOrderViews.Receipt;
import org.facilitymonitor.maintenance.WorkOrderViews.TransitionRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.WorkOrderView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/**
 * Work orders: creation (by a person, a rule or a plan) and every transition, each audited.
 * The Java API for other features is {@link #openForCondition} and {@link #openForPlan}.
 * The REST paths act as {@link CurrentUser}: its site scope (another site's order is 404), its role per
 * target state, and its name as the actor. Jobs and alarms call only the methods that need no user.
 */
@ApplicationScoped
@Transactional
public class WorkOrderService {

    private static final String OPEN_STATES_SQL = "state not in ('CLOSED', 'CANCELLED')";
    /** The actor of what the public requester does through the follow-up link. */
    static final String PUBLIC_ACTOR = "public requester";
    /** The form's field is a textarea posted as one form attribute (the HTTP layer limits those to 2 KiB). */
    static final int PUBLIC_DESCRIPTION_MAX = 2000;
    /** The title column's length. */
    static final int TITLE_MAX = 200;
    private static final String INSERT = """
            insert into work_order (kind, origin, asset_id, site_id, department_id, title, description, requester, rule_id,
                plan_id, occurrence_key, priority, state, requested_at, dispatch_due, start_due, complete_due, updated_at)
            values (:kind, :origin, :asset, :site, cast(:department as varchar), :title, cast(:description as text), :requester,
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
    @Inject
    CurrentUser user;

    DeadlineTable deadlines;

    @PostConstruct
    void init() {
        deadlines = DeadlineTable.of(config.deadlines());
    }

    /**
     * True while the asset has an order that is neither closed nor cancelled, not counting a person's request
     * nobody has dispatched yet: anyone may post the public form, and that must not mute the asset's alarms.
     */
    public boolean hasOrderSuppressingAlarms(String assetId) {
        return ((Number) em.createNativeQuery("select count(*) from work_order where asset_id = ?1 and " + OPEN_STATES_SQL
                + " and not (kind = 'REQUEST' and state = 'REQUESTED')")
                .setParameter(1, assetId).getSingleResult()).longValue() > 0;
    }

    /** A logged-in person's request (POST /api/work-orders): the requester is the login. */
    public WorkOrderView request(NewRequest r) {
        String name = user.name();
        if (r != null && !blank(r.requester()) && !r.requester().trim().equals(name)) {
            throw invalid(List.of(new FieldError("requester", "is taken from your login ('" + name
                    + "'); leave it out, and put whom to contact in 'contact'")));
        }
        return view(create(r, name, true, 10_000));
    }

    /**
     * A request from the asset's public form. A login that may see the asset's site and move work orders
     * (crew, engineer, admin) is the requester; otherwise nobody is, and the receipt carries the follow-up
     * key that alone lets this requester accept and rate the order.
     */
    public Receipt requestFromForm(NewRequest r) {
        AssetView asset = r == null || blank(r.assetId()) ? null : registry.asset(r.assetId()).orElse(null);
        boolean identified = !user.isAnonymous() && asset != null && Scope.visible(user, asset.site())
                && (user.hasRole(Roles.ADMIN) || user.hasRole(Roles.ENGINEER) || user.hasRole(Roles.CREW));
        WorkOrder o = create(r, identified ? user.name() : null, false, PUBLIC_DESCRIPTION_MAX);
        String key = null;
        if (!identified) {
            key = FollowUpKeys.generate();
            o.followUpKeyHash = FollowUpKeys.hash(key);
        }
        return new Receipt(o.id, o.assetId, o.state, o.priority, followUpPath(o), key);
    }

    static String followUpPath(WorkOrder o) {
        return "/request/" + o.assetId + "/orders/" + o.id;
    }

    /**
     * @param requester the login, or null for the public form (then a contact is required)
     * @param scoped    whether the asset must be in the user's sites (an asset elsewhere is "no asset")
     */
    private WorkOrder create(NewRequest r, String requester, boolean scoped, int descriptionMax) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        Text.singleLine(errors, "title", r.title(), 200, true);
        Text.singleLine(errors, "contact", r.contact(), 200, requester == null);
        Text.multiLine(errors, "description", r.description(), descriptionMax, false);
        Priority priority = Priority.P3;
        if (r.priority() != null) {
            priority = Priority.parse(r.priority()).orElse(null);
            if (priority == null) {
                errors.add(new FieldError("priority", "must be one of P1, P2, P3, P4"));
            }
        }
        AssetView asset = null;
        if (Text.singleLine(errors, "assetId", r.assetId(), 64, true)) {
            asset = registry.asset(r.assetId()).filter(a -> !scoped || Scope.visible(user, a.site())).orElse(null);
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
        o.siteId = asset.site();
        o.departmentId = asset.department();
        o.title = r.title().trim();
        o.description = r.description();
        o.requester = requester;
        o.requesterContact = blank(r.contact()) ? null : r.contact().trim();
        o.priority = priority;
        o.state = WorkOrderState.REQUESTED;
        o.requestedAt = now;
        o.updatedAt = now;
        DeadlineTable.DueTimes due = deadlines.dueTimes(priority, now);
        o.dispatchDue = due.dispatch();
        o.startDue = due.start();
        o.completeDue = due.complete();
        o.persist();
        WorkOrderEvent.record(o, WorkOrderEvent.Kind.TRANSITION, now, requester == null ? PUBLIC_ACTOR : requester, null,
                o.description);
        notifier.opened(o.id, o.assetId, o.title, o.priority);
        return o;
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

    /** The order if it exists and is in the user's sites. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WorkOrderView> find(long id) {
        return WorkOrder.<WorkOrder>findByIdOptional(id).filter(o -> Scope.visible(user, o.siteId)).map(this::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventView> history(long id) {
        visibleOrder(id, false);
        return WorkOrderEvent.history(id).stream().map(EventView::of).toList();
    }

    /** Another site's order is exactly as absent as one that never existed. */
    private WorkOrder visibleOrder(long id, boolean lock) {
        Optional<WorkOrder> found = lock ? WorkOrder.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                : WorkOrder.findByIdOptional(id);
        return found.filter(o -> Scope.visible(user, o.siteId))
                .orElseThrow(() -> ProblemException.notFound("work order", Long.toString(id)));
    }

    private WorkOrderView view(WorkOrder o) {
        return WorkOrderView.of(o, Scope.personalData(user));
    }

    /** Orders filtered by state, asset, priority and team, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WorkOrderView> list(Set<WorkOrderState> states, String assetId, Priority priority, String team, int page,
            int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        Optional<Set<String>> sites = Scope.sites(user);
        if (sites.isPresent()) {
            if (sites.get().isEmpty()) {
                return new Page<>(List.of(), page, size, 0);
            }
            where.add("siteId in :sites");
            params.and("sites", sites.get());
        }
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
        List<WorkOrderView> items = query.page(page, size).list().stream().map(this::view).toList();
        return new Page<>(items, page, size, query.count());
    }

    /**
     * Moves an order to {@code t.to()} as the user: 404 for another site's order, 403 when the user's role (or
     * not being the requester) does not allow that move, 409 naming the current state and the allowed ones when
     * the lifecycle does not.
     */
    public WorkOrderView transition(long id, TransitionRequest t) {
        if (t == null) {
            throw invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        WorkOrderState to = parseState(t.to());
        WorkOrder o = visibleOrder(id, true);
        String actor = user.name();
        if (!blank(t.actor()) && !t.actor().trim().equals(actor)) {
            throw invalid(List.of(new FieldError("actor", "is taken from your login ('" + actor + "'); leave it out")));
        }
        authorize(o, to, actor);
        move(o, to, t, actor);
        return view(o);
    }

    /** What the public requester sees through the follow-up link; 404 unless the key is this order's. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public FollowUpView followUp(String assetId, long id, String key) {
        return followUpView(keyed(assetId, id, key, false));
    }

    /** The public requester accepts the completed work (or, with a rating, rates the accepted work). */
    public FollowUpView actByKey(String assetId, long id, String key, WorkOrderState to, Integer rating, String comment) {
        WorkOrder o = keyed(assetId, id, key, true);
        if (to != WorkOrderState.ACCEPTED && to != WorkOrderState.RATED) {
            throw new IllegalArgumentException("the follow-up link only accepts and rates, not " + to);
        }
        move(o, to, new TransitionRequest(to.name(), null, comment, null, null, null, null, null, null, rating),
                PUBLIC_ACTOR);
        return followUpView(o);
    }

    private WorkOrder keyed(String assetId, long id, String key, boolean lock) {
        Optional<WorkOrder> found = lock ? WorkOrder.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                : WorkOrder.findByIdOptional(id);
        return found.filter(o -> o.assetId.equals(assetId) && FollowUpKeys.matches(key, o.followUpKeyHash))
                .orElseThrow(() -> ProblemException.notFound("work order", Long.toString(id)));
    }

    private static FollowUpView followUpView(WorkOrder o) {
        List<String> actions = new ArrayList<>();
        if (WorkOrderLifecycle.isAllowed(o.state, WorkOrderState.ACCEPTED)) {
            actions.add("accept");
        }
        if (WorkOrderLifecycle.isAllowed(o.state, WorkOrderState.RATED)) {
            actions.add("rate");
        }
        return new FollowUpView(o.id, o.assetId, o.title, o.state, o.priority, o.requestedAt, o.completedAt, o.rating,
                actions);
    }

    private void move(WorkOrder o, WorkOrderState to, TransitionRequest t, String actor) {
        WorkOrderState from = o.state;
        if (!WorkOrderLifecycle.isAllowed(from, to)) {
            throw ProblemException.conflict(WorkOrderLifecycle.refusal(o.id, from));
        }
        validateTransition(o, to, t);
        Instant now = clock.instant();
        applyEffect(o, to, t, now);
        o.state = to;
        o.updatedAt = now;
        WorkOrderEvent.record(o, WorkOrderEvent.Kind.TRANSITION, now, actor, from, t.comment());
        Log.debugf("work order %d: %s -> %s by %s", o.id, from, to, actor);
    }

    /**
     * Crew does the repair (start, complete); engineers dispatch, reassign, cancel, verify, reopen and close;
     * only the requester accepts and rates (and may reopen what they did not accept). Admin may do all but
     * accept and rate someone else's request.
     */
    private void authorize(WorkOrder o, WorkOrderState to, String actor) {
        boolean requester = o.kind == WorkOrder.Kind.REQUEST && o.requester != null && o.requester.equals(actor);
        switch (to) {
            case ACCEPTED, RATED -> {
                if (!requester) {
                    String who = o.kind != WorkOrder.Kind.REQUEST ? " (this one was opened by " + o.requester + ", not a person)"
                            : o.requester == null ? " (who uses the follow-up link the public form gave them)"
                            : " '" + o.requester + "'";
                    throw forbidden("work order " + o.id + " can be " + (to == WorkOrderState.ACCEPTED ? "accepted" : "rated")
                            + " only by its requester" + who
                            + (to == WorkOrderState.ACCEPTED ? "; an engineer verifies it instead (VERIFIED)" : ""));
                }
            }
            case IN_PROGRESS, COMPLETED -> requireRole(o, to, Roles.ADMIN, Roles.ENGINEER, Roles.CREW);
            case REOPENED -> {
                if (!requester) {
                    requireRole(o, to, Roles.ADMIN, Roles.ENGINEER);
                }
            }
            default -> requireRole(o, to, Roles.ADMIN, Roles.ENGINEER);
        }
    }

    private void requireRole(WorkOrder o, WorkOrderState to, String... roles) {
        for (String role : roles) {
            if (user.hasRole(role)) {
                return;
            }
        }
        throw forbidden("moving work order " + o.id + " to " + to + " needs the role " + String.join(" or ", roles)
                + (to == WorkOrderState.REOPENED ? ", or being its requester" : ""));
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of());
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
        Text.multiLine(errors, "comment", t.comment(), 10_000, to == WorkOrderState.REOPENED);
        switch (to) {
            case DISPATCHED -> {
                boolean assignee = Text.singleLine(errors, "assignee", t.assignee(), 100, false);
                boolean team = Text.singleLine(errors, "team", t.team(), 100, false);
                if (!assignee && !team && blank(t.assignee()) && blank(t.team())) {
                    errors.add(new FieldError("assignee", "an assignee or a team is required"));
                }
            }
            case COMPLETED -> validateCompletion(o, t, errors);
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
        Text.multiLine(errors, "notes", t.notes(), 10_000, false);
        List<Part> parts = t.parts() == null ? List.of() : t.parts();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            Text.singleLine(errors, "parts[" + i + "].name", p == null ? null : p.name(), 200, true);
            if (p == null || p.quantity() == null || p.quantity().compareTo(BigDecimal.ZERO) <= 0) {
                errors.add(new FieldError("parts[" + i + "].quantity", "must be more than 0"));
            }
        }
        List<ChecklistResult> results = t.checklist() == null ? List.of() : t.checklist();
        for (int i = 0; i < results.size(); i++) {
            ChecklistResult c = results.get(i);
            if (!Text.singleLine(errors, "checklist[" + i + "].item", c == null ? null : c.item(), 300, true)) {
                continue;
            }
            Text.multiLine(errors, "checklist[" + i + "].note", c.note(), 10_000, false);
            if (c.passed() == null) {
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
        required(errors, "title", title, TITLE_MAX);
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
                .setParameter("site", asset.site())
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
        return ProblemException.invalid(detail, errors);
    }
}
