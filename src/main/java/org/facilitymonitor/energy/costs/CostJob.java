package org.facilitymonitor.energy.costs;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.rollup.Meter;
import org.facilitymonitor.energy.rollup.MeterCatalog;
import org.facilitymonitor.energy.tariffs.TariffCalculator;
import org.facilitymonitor.energy.tariffs.TariffCorrected;
import org.facilitymonitor.energy.tariffs.TariffService;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Keeps meter bills current: the current month (and, in its first days, the previous one) on a
 * schedule, and every month from a corrected tariff version's first day on. Two instances never
 * price one site's month at once (a transaction-scoped advisory lock; the other skips it).
 */
@ApplicationScoped
public class CostJob {

    /** Months waiting for recomputation after a tariff correction: site → carrier → months. */
    private final Map<String, Map<Carrier, Set<YearMonth>>> corrected = new ConcurrentHashMap<>();

    @Inject
    MeterCatalog meters;
    @Inject
    TariffService tariffs;
    @Inject
    CostCalculator calculator;
    @Inject
    CostStore store;
    @Inject
    CostConfig config;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;

    void onCorrection(@Observes TariffCorrected event) {
        YearMonth now = YearMonth.now(clock);
        for (YearMonth m = YearMonth.from(event.fromDay()); !m.isAfter(now); m = m.plusMonths(1)) {
            corrected.computeIfAbsent(event.siteId(), s -> new ConcurrentHashMap<>())
                    .computeIfAbsent(event.carrier(), c -> ConcurrentHashMap.newKeySet()).add(m);
        }
    }

    @Scheduled(every = "${fm.energy.costs.every:15m}", delayed = "30s", concurrentExecution = ConcurrentExecution.SKIP)
    void run() {
        try {
            meters.refreshNow();
            Set<String> sites = new TreeSet<>();
            meters.all().forEach(m -> sites.add(m.siteId()));
            for (String site : sites) {
                YearMonth current = YearMonth.now(clock.withZone(zoneOf(site)));
                recompute(site, null, current);
                if (LocalDate.now(clock.withZone(zoneOf(site))).getDayOfMonth() <= config.previousMonthDays()) {
                    recompute(site, null, current.minusMonths(1));
                }
            }
            drainCorrections();
        } catch (RuntimeException e) {
            registry.counter("fm_energy_cost_failures_total").increment();
            Log.warnf("energy costs postponed: %s", e.getMessage());
        }
    }

    /** Recomputes the corrected months now (the scheduled run does it too); the number of bills written. */
    public int drainCorrections() {
        int bills = 0;
        for (var site : corrected.entrySet()) {
            for (var carrier : site.getValue().entrySet()) {
                for (YearMonth month : Set.copyOf(carrier.getValue())) {
                    bills += recompute(site.getKey(), carrier.getKey(), month);
                    carrier.getValue().remove(month);
                }
            }
        }
        return bills;
    }

    /**
     * Prices the utility accounts of a site (meters with no main meter; of one carrier, or all with a
     * tariff) for a month; the number of bills written. Sub-meters are not billed: their share of the
     * account's cost reaches departments by consumption ({@code energy.reports.AllocatedCostFigures}).
     */
    public int recompute(String siteId, Carrier carrier, YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "energy-costs:" + siteId + ":" + month).getSingleResult();
            if (!locked) {
                return 0;
            }
            int bills = 0;
            for (Meter m : meters.all()) {
                if (!m.siteId().equals(siteId) || (carrier != null && m.carrier() != carrier) || m.mainPointId() != null) {
                    continue;
                }
                Optional<TariffCalculator> tariff = tariffs.calculator(siteId, m.carrier());
                if (tariff.isEmpty()) {
                    continue;
                }
                MeterCosts costs = calculator.compute(m, month, tariff.get());
                store.saveBill(m, costs, clock.instant());
                try {
                    store.writeDays(m, costs);
                } catch (WriteFailure e) {
                    throw new IllegalStateException("daily costs of " + m.pointId() + " not stored: " + e.getMessage(), e);
                }
                bills++;
            }
            registry.counter("fm_energy_bills_computed_total").increment(bills);
            return bills;
        });
    }

    private java.time.ZoneId zoneOf(String site) {
        return meters.all().stream().filter(m -> m.siteId().equals(site)).findFirst().map(Meter::zone)
                .orElse(java.time.ZoneOffset.UTC);
    }
}
