package org.facilitymonitor.maintenance;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the work orders with a step past due and not escalated yet, and has
 * {@link WorkOrderService#escalateLateSteps} escalate each in a transaction of its own.
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
    WorkOrderService workOrders;
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
        return (int) OneTransactionEach.run("escalating work order", this::candidates, workOrders::escalateLateSteps);
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
}
