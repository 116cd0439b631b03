package org.facilitymonitor.energy.rollup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.facilitymonitor.energy.rollup.DirtyRanges.Range;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Turns stored readings into rollups. Each run writes the ranges noted since the last run to
 * PostgreSQL ({@code energy_dirty}), then claims ranges (skipping those another instance holds),
 * takes a transaction-scoped advisory lock per meter so two instances never compute one meter at
 * once, recomputes, and deletes what it computed. A failure leaves the ranges for the next run.
 */
@ApplicationScoped
public class RollupJob {

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private DirtyRanges pending;
    private final RangesBeingStored beingStored = new RangesBeingStored();
    private volatile boolean rechecked;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicBoolean runAgain = new AtomicBoolean();
    private volatile boolean stoppedByBudget;
    private volatile long lastStartNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private volatile long lastRunNanos;
    private ScheduledExecutorService waker;

    @Inject
    RollupConfig config;
    @Inject
    MeterCatalog meters;
    @Inject
    RollupCalculator calculator;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry registry;
    @Inject
    java.time.Clock clock;

    @PostConstruct
    void init() {
        if (!(config.maxBusyShare() > 0 && config.maxBusyShare() <= 1)) {
            throw new IllegalStateException("fm.energy.rollup.max-busy-share must be in (0, 1], got " + config.maxBusyShare());
        }
        if (config.readBatch() < 1) {
            throw new IllegalStateException("fm.energy.rollup.read-batch must be at least 1, got " + config.readBatch());
        }
        pending = new DirtyRanges(config.gapLimit().toMillis());
        registry.gauge("fm_energy_rollup_backlog", backlog);
        registry.gauge("fm_energy_rollup_ranges_being_stored", beingStored, RangesBeingStored::size);
        registry.more().counter("fm_energy_rollup_runs_total", List.of(), runs);
        waker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "energy-rollups");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }

    /** Notes that readings of a point in [fromMs, toMs] were written, their message waiting for earlier ones. */
    public void writing(String pointId, long fromMs, long toMs) {
        beingStored.add(pointId, fromMs, toMs, System.nanoTime());
    }

    /** Notes that readings of a point in [fromMs, toMs] were stored. Quick; called on the ingest writer thread. */
    public void dirty(String pointId, long fromMs, long toMs) {
        pending.add(pointId, fromMs, toMs);
        beingStored.remove(pointId, fromMs, toMs);
        wake();
    }

    /** Whether a point's reading is noted for a later run: stored since this one began, or being stored. */
    private boolean notedForLater(String pointId, long ms) {
        return pending.covers(pointId, ms) || beingStored.covers(pointId, ms, System.nanoTime());
    }

    /** Starts a run soon: after {@code wake-delay}, and not before {@code min-spacing} since the last start. */
    private void wake() {
        if (!config.enabled() || !wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        long sinceStart = System.nanoTime() - lastStartNanos;
        long delay = Math.max(config.wakeDelay().toNanos(), spacing() - sinceStart);
        try {
            waker.schedule(() -> {
                wakeScheduled.set(false);
                Arc.container().instance(RollupJob.class).get().run();
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            wakeScheduled.set(false); // shutting down: the ranges are rechecked at the next start
        }
    }

    /** Under a heavy stream each run takes longer; spacing them keeps the job to its share of a core. */
    private long spacing() {
        return Math.max(config.minSpacing().toNanos(), (long) (lastRunNanos / config.maxBusyShare()));
    }

    @Scheduled(every = "${fm.energy.rollup.poll-interval:1s}", concurrentExecution = ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void run() {
        if (!config.enabled()) {
            return;
        }
        if (System.nanoTime() - lastStartNanos < spacing()) {
            wake(); // too soon after the last run (the poll's tick): the wake-up comes when the spacing allows
            return;
        }
        if (!running.tryLock()) {
            runAgain.set(true);
            return;
        }
        lastStartNanos = System.nanoTime();
        runAgain.set(false);
        stoppedByBudget = false;
        try {
            if (!rechecked) {
                recheckRecent();
            }
            flush();
            QuarkusTransaction.requiringNew().run(this::computeClaimed);
        } catch (RuntimeException e) {
            backlog.set(Math.max(1, pending.size()));
            registry.counter("fm_energy_rollup_failures_total", "stage", "run").increment();
            Log.warnf("energy rollups postponed: %s", e.getMessage());
        } finally {
            lastRunNanos = System.nanoTime() - lastStartNanos;
            runs.incrementAndGet();
            running.unlock();
        }
        if (runAgain.get() || stoppedByBudget) {
            wake();
        }
    }

    private void flush() {
        List<Range> ranges = pending.drain();
        if (ranges.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                // one statement per 300 ranges, not one per range: a live stream notes every meter each run
                for (int from = 0; from < ranges.size(); from += 300) {
                    List<Range> part = ranges.subList(from, Math.min(ranges.size(), from + 300));
                    var insert = em.createNativeQuery("insert into energy_dirty (point_id, from_ms, to_ms) values "
                            + parameterRows(part.size(), 3, "?%d"));
                    for (int i = 0; i < part.size(); i++) {
                        insert.setParameter(3 * i + 1, part.get(i).pointId()).setParameter(3 * i + 2, part.get(i).fromMs())
                                .setParameter(3 * i + 3, part.get(i).toMs());
                    }
                    insert.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            ranges.forEach(r -> pending.add(r.pointId(), r.fromMs(), r.toMs()));
            throw e;
        }
    }

    private void computeClaimed() {
        long started = System.nanoTime();
        meters.refresh();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, point_id, from_ms, to_ms from energy_dirty order by id limit ?1 for update skip locked
                """).setParameter(1, config.claimBatch()).getResultList();
        Map<String, List<Object[]>> byPoint = new TreeMap<>();
        rows.forEach(r -> byPoint.computeIfAbsent((String) r[1], p -> new ArrayList<>()).add(r));
        List<String> group = new ArrayList<>();
        // a group also closes at meter-group x chunk of time in all, so one meter's year is a group of its own
        long groupMs = 0;
        long maxGroupMs = config.meterGroup() * config.chunk().toMillis();
        Set<String> locked = lockMeters(byPoint.keySet());
        for (var entry : byPoint.entrySet()) {
            if (locked.contains(entry.getKey())) {
                group.add(entry.getKey());
                groupMs += entry.getValue().stream()
                        .mapToLong(r -> ((Number) r[3]).longValue() - ((Number) r[2]).longValue()).sum();
            }
            if (group.size() >= config.meterGroup() || groupMs >= maxGroupMs) {
                computeGroup(group, byPoint);
                group.clear();
                groupMs = 0;
                if (System.nanoTime() - started > config.runBudget().toNanos()) {
                    stoppedByBudget = true;
                    break;
                }
            }
        }
        computeGroup(group, byPoint);
        long left = ((Number) em.createNativeQuery("select count(*) from energy_dirty").getSingleResult()).longValue();
        backlog.set(left + pending.size());
    }

    /** The meters whose transaction-scoped advisory lock this run got (another instance holds the others). */
    private Set<String> lockMeters(Set<String> points) {
        Set<String> locked = new HashSet<>();
        if (points.isEmpty()) {
            return locked;
        }
        List<String> all = new ArrayList<>(points);
        var query = em.createNativeQuery("select p, pg_try_advisory_xact_lock(hashtext('energy:' || p)) from (values "
                + parameterRows(all.size(), 1, "cast(?%d as text)") + ") as v(p)");
        for (int i = 0; i < all.size(); i++) {
            query.setParameter(i + 1, all.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            if ((Boolean) row[1]) {
                locked.add((String) row[0]);
            }
        }
        return locked;
    }

    /** "(?1, ?2), (?3, ?4)" for 2 rows of 2 columns, each parameter written by {@code format} from its number. */
    static String parameterRows(int rows, int columns, String format) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 0; c < columns; c++) {
                sql.append(c == 0 ? "" : ", ").append(format.formatted(i * columns + c + 1));
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** Recomputes the meters together and deletes their rows; on a failure the rows stay for the next run. */
    private void computeGroup(List<String> points, Map<String, List<Object[]>> byPoint) {
        if (points.isEmpty()) {
            return;
        }
        List<RollupCalculator.Work> work = new ArrayList<>();
        for (String pointId : points) {
            var meter = meters.meter(pointId);
            if (meter.isEmpty()) {
                // a cumulative point that is no meter (a run-hours counter): nothing to roll up, nothing to hold
                calculator.forget(pointId);
                continue;
            }
            List<Range> ranges = DirtyRanges.merge(byPoint.get(pointId).stream().map(r -> new Range(pointId,
                    ((Number) r[2]).longValue(), ((Number) r[3]).longValue())).toList(), config.gapLimit().toMillis());
            ranges.forEach(r -> work.add(new RollupCalculator.Work(meter.get(), r.fromMs(), r.toMs())));
        }
        try {
            calculator.recompute(work, this::notedForLater);
        } catch (WriteFailure | RuntimeException e) {
            registry.counter("fm_energy_rollup_failures_total", "stage", "compute").increment();
            Log.warnf("rollups of %d meters (%s ...) postponed: %s", points.size(), points.get(0), e.getMessage());
            return;
        }
        List<Long> ids = points.stream().flatMap(p -> byPoint.get(p).stream())
                .map(r -> ((Number) r[0]).longValue()).toList();
        em.createNativeQuery("delete from energy_dirty where id in (?1)").setParameter(1, ids).executeUpdate();
    }

    /**
     * Ranges noted in memory but not yet written to PostgreSQL die with the process (at most one
     * poll interval of them); so at start every meter's last {@code startup-recheck} is recomputed.
     */
    private void recheckRecent() {
        long now = clock.millis();
        QuarkusTransaction.requiringNew().run(() -> {
            meters.refresh();
            for (Meter m : meters.all()) {
                pending.add(m.pointId(), now - config.startupRecheck().toMillis(), now);
            }
        });
        rechecked = true;
    }

    /** Marks every meter of a site (of one carrier, or all when null) for recomputation over [fromMs, toMs]. */
    public void recomputeSite(String siteId, org.facilitymonitor.assets.Carrier carrier, long fromMs, long toMs) {
        QuarkusTransaction.requiringNew().run(() -> {
            meters.refresh();
            for (Meter m : meters.all()) {
                if (m.siteId().equals(siteId) && (carrier == null || m.carrier() == carrier)) {
                    pending.add(m.pointId(), fromMs, toMs);
                }
            }
        });
    }
}
