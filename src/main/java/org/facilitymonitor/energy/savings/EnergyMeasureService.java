package org.facilitymonitor.energy.savings;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.savings.InterventionViews.InterventionRequest;
import org.facilitymonitor.maintenance.WorkOrder;
import org.facilitymonitor.maintenance.plans.MaintenancePlan;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Work orders and maintenance plans marked as energy measures, and the interventions made from
 * them: when a marked work order (or a work order of a marked plan, completed after the marking)
 * is accepted, an intervention with the measure's scope is created, effective the local day after
 * the completion. Runs on every instance; the unique work order of an intervention keeps it to one.
 */
@ApplicationScoped
public class EnergyMeasureService {

    /** Work orders past acceptance: the crew's completion stands. */
    static final List<String> ACCEPTED_STATES = List.of("ACCEPTED", "VERIFIED", "RATED", "CLOSED");
    private static final int SWEEP_LIMIT = 500;

    public record MeasureRequest(String siteId, Long workOrderId, Long planId, String scope, String scopeId, String carrier,
                                 BigDecimal cost, String currency, Double expectedSavingsKwh) {
    }

    public record MeasureView(long id, String siteId, Long workOrderId, Long planId, String scope, String scopeId,
                              String carrier, BigDecimal cost, String currency, Double expectedSavingsKwh, String lastError,
                              String createdBy, Instant createdAt, List<Long> interventions) {
    }

    /** What one pass did: interventions created, made meanwhile by another instance, and measures that failed. */
    public record Sweep(int created, int existing, int failed) {
    }

    @Inject
    EnergyAccess access;
    @Inject
    InterventionService interventions;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    @Transactional
    public MeasureView mark(MeasureRequest r, String actor) {
        if (r == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String site = null;
        if ((r.workOrderId() == null) == (r.planId() == null)) {
            errors.add(new FieldError("workOrderId", "exactly one of workOrderId and planId is required"));
        } else if (r.workOrderId() != null) {
            WorkOrder wo = WorkOrder.findById(r.workOrderId());
            if (wo == null || !access.maySee(wo.siteId)) {
                errors.add(new FieldError("workOrderId", "work order " + r.workOrderId() + " does not exist"));
            } else if ("CANCELLED".equals(wo.state.name())) {
                errors.add(new FieldError("workOrderId", "work order " + wo.id + " is CANCELLED"));
            } else {
                site = wo.siteId;
            }
        } else {
            MaintenancePlan plan = MaintenancePlan.findById(r.planId());
            if (plan == null || !access.maySee(plan.siteId)) {
                errors.add(new FieldError("planId", "maintenance plan " + r.planId() + " does not exist"));
            } else {
                site = plan.siteId;
            }
        }
        if (r.siteId() != null && site != null && !r.siteId().equals(site)) {
            errors.add(new FieldError("siteId", "the work order or plan is on site '" + site + "', not '" + r.siteId() + "'"));
        }
        Intervention.Scope scope = InterventionService.parse(Intervention.Scope.class, r.scope());
        Carrier carrier = r.carrier() == null ? null : InterventionService.parse(Carrier.class, r.carrier());
        if (scope == null) {
            errors.add(new FieldError("scope", "METER, BUILDING or DEPARTMENT, was '" + r.scope() + "'"));
        } else if (site != null) {
            carrier = InterventionService.scopeCarrier(scope, r.scopeId(), site, carrier, r.carrier(), errors);
        }
        InterventionService.checkMoney(r.cost(), r.currency(), r.expectedSavingsKwh(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the energy measure is invalid", errors);
        }
        EnergyMeasure m = new EnergyMeasure();
        m.siteId = site;
        m.workOrderId = r.workOrderId();
        m.planId = r.planId();
        m.scope = scope;
        m.scopeId = r.scopeId();
        m.carrier = carrier;
        m.cost = r.cost();
        m.currency = r.cost() == null ? null : r.currency();
        m.expectedSavingsKwh = r.expectedSavingsKwh();
        m.createdBy = actor;
        m.createdAt = clock.instant();
        try {
            m.persistAndFlush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict((r.workOrderId() != null ? "work order " + r.workOrderId()
                    : "maintenance plan " + r.planId()) + " is already marked as an energy measure");
        }
        return view(m);
    }

    @Transactional
    public List<MeasureView> list(String siteId) {
        access.site(siteId);
        return EnergyMeasure.<EnergyMeasure>list("siteId = ?1 order by id", siteId).stream().map(this::view).toList();
    }

    @Transactional
    public MeasureView get(long id) {
        return view(find(id));
    }

    /** Unmarks it; interventions already made from it stay. */
    @Transactional
    public void delete(long id) {
        find(id).delete();
    }

    private EnergyMeasure find(long id) {
        EnergyMeasure m = EnergyMeasure.findById(id);
        if (m == null || !access.maySee(m.siteId)) {
            throw ProblemException.notFound("energy measure", String.valueOf(id));
        }
        return m;
    }

    private MeasureView view(EnergyMeasure m) {
        String sql = m.workOrderId != null
                ? "select id from energy_intervention where work_order_id = ?1 order by id"
                : "select i.id from energy_intervention i join work_order w on w.id = i.work_order_id where w.plan_id = ?1 order by i.id";
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery(sql).setParameter(1, m.workOrderId != null ? m.workOrderId : m.planId)
                .getResultList();
        List<Long> made = ids.stream().map(Number::longValue).toList();
        return new MeasureView(m.id, m.siteId, m.workOrderId, m.planId, m.scope.name(), m.scopeId, m.carrier.name(), m.cost,
                m.currency, m.expectedSavingsKwh, m.lastError, m.createdBy, m.createdAt, made);
    }

    @Scheduled(every = "${fm.energy.measures.every:5m}", delayed = "30s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        createDue();
    }

    /** Creates the interventions of every accepted, marked work order that has none yet (every site: no user). */
    public Sweep createDue() {
        int created = 0;
        int existing = 0;
        int failed = 0;
        for (Object[] row : due()) {
            long measure = ((Number) row[0]).longValue();
            long workOrder = ((Number) row[1]).longValue();
            try {
                createFrom(measure, workOrder);
                created++;
                count("created");
            } catch (ProblemException e) {
                if (e.status() == 409) {
                    existing++;
                    count("exists");
                    continue;
                }
                failed++;
                count("failed");
                String why = e.getMessage() + (e.errors().isEmpty() ? ""
                        : ": " + e.errors().stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; ")));
                if (recordError(measure, why)) {
                    Log.warnf("energy: no intervention from work order %d (energy measure %d): %s", workOrder, measure, why);
                }
            }
        }
        return new Sweep(created, existing, failed);
    }

    @Transactional
    List<Object[]> due() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select m.id, w.id from energy_measure m
                join work_order w on w.site_id = m.site_id
                 and (w.id = m.work_order_id or (m.plan_id is not null and w.plan_id = m.plan_id and w.completed_at >= m.created_at))
                where w.state in (?1) and w.completed_at is not null
                  and not exists (select 1 from energy_intervention i where i.work_order_id = w.id)
                order by w.id limit ?2""").setParameter(1, ACCEPTED_STATES).setParameter(2, SWEEP_LIMIT).getResultList();
        return rows;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void createFrom(long measureId, long workOrderId) {
        EnergyMeasure m = EnergyMeasure.findById(measureId);
        interventions.create(new InterventionRequest(m.siteId, m.scope.name(), m.scopeId, m.carrier.name(), null, null, null,
                m.cost, m.currency, m.expectedSavingsKwh, workOrderId, m.planId), "energy-measure:" + m.id, site -> true);
        m.lastError = null;
    }

    /** Records why the measure failed; true when that is news (so the log says it once, not every pass). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean recordError(long measureId, String why) {
        EnergyMeasure m = EnergyMeasure.findById(measureId);
        String cut = why.length() > 500 ? why.substring(0, 499) + "…" : why;
        if (m == null || cut.equals(m.lastError)) {
            return false;
        }
        m.lastError = cut;
        return true;
    }

    private void count(String outcome) {
        metrics.counter("fm_energy_measure_interventions_total", "outcome", outcome).increment();
    }
}
