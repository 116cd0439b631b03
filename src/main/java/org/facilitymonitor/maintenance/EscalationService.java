package org.facilitymonitor.maintenance;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Escalates late steps: records the escalation once per order and step (unique key, so several
 * instances and repeated runs escalate once), raises the priority one level and notifies the
 * supervisor, all in one transaction per order. Which steps are late is {@link Escalation}'s call.
 * Due times are not recomputed when the priority rises (a raise must not make the next step late at once).
 */
@ApplicationScoped
public class EscalationService {

    private static final Map<Step, String> DUE_COLUMN = Map.of(Step.DISPATCH, "dispatch_due", Step.START, "start_due",
            Step.COMPLETE, "complete_due", Step.ACCEPT, "accept_due");

    @Inject
    Clock clock;
    @Inject
    MaintenanceConfig config;
    @Inject
    MaintenanceNotifier notifier;
    @Inject
    EntityManager em;

    @Scheduled(identity = "work-order-escalation", every = "${fm.maintenance.escalation.every:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int escalated = escalateLateSteps();
        if (escalated > 0) {
            Log.infof("escalated %d late work-order steps", escalated);
        }
    }

    /** Escalates every late step not escalated yet (up to the batch size); returns how many it escalated. */
    public int escalateLateSteps() {
        return (int) OneTransactionEach.run("escalating work order", this::candidates, this::escalate);
    }

    /** Orders with a pending step past due and not escalated yet, oldest due first. */
    private Set<Long> candidates() {
        Instant now = clock.instant();
        Set<Long> ids = new LinkedHashSet<>();
        for (Step step : Step.values()) {
            String column = DUE_COLUMN.get(step);
            List<?> rows = em.createNativeQuery("select w.id from work_order w where w.state in (:states) and w."
                    + column + " < :now and not exists (select 1 from work_order_escalation e"
                    + " where e.work_order_id = w.id and e.step = :step) order by w." + column + " limit :limit")
                    .setParameter("states", Escalation.pendingIn(step).stream().map(Enum::name).toList())
                    .setParameter("now", now)
                    .setParameter("step", step.name())
                    .setParameter("limit", config.escalation().batchSize())
                    .getResultList();
            rows.forEach(r -> ids.add(((Number) r).longValue()));
        }
        return ids;
    }

    private long escalate(long id) {
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
}
