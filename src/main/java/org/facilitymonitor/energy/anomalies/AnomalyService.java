package org.facilitymonitor.energy.anomalies;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.alarms.Alarm;
import org.facilitymonitor.alarms.AlarmService;
import org.facilitymonitor.alarms.AlarmStatus;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.accounting.AccountingRegistry;
import org.facilitymonitor.energy.accounting.DailyConsumption;
import org.facilitymonitor.energy.accounting.Meter;
import org.facilitymonitor.energy.accounting.SiteModel;
import org.facilitymonitor.energy.baseline.CaltrackFitter;
import org.facilitymonitor.energy.baseline.DailyAnomaly;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.SavingsAnalysis;
import org.facilitymonitor.energy.baseline.UsagePeriod;
import org.facilitymonitor.energy.baseline.UsagePeriods;
import org.facilitymonitor.energy.tariffs.EvenDayPrice;
import org.facilitymonitor.energy.tariffs.Tariff;
import org.facilitymonitor.energy.tariffs.TariffService;
import org.facilitymonitor.energy.weather.WeatherService;
import org.facilitymonitor.rules.Rule;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleKind;
import org.facilitymonitor.rules.RuleSpec;

/**
 * The daily energy anomaly check, through the alarm pipeline: every main energy meter (electricity,
 * gas, heat; no parent meter) gets an {@link RuleKind#ENERGY_ANOMALY} rule (one per point by a
 * unique index). Each day, its use is compared with a CalTRACK daily baseline fitted on the 365
 * days before; outside the prediction interval raises the rule's alarm (a later anomalous day adds
 * an occurrence), a normal day clears it. A meter whose baseline lacks data is skipped and counted
 * ({@code fm_energy_anomaly_checks_total{outcome}}). Runs on every instance like the balance check:
 * the alarm table's unique active index keeps one alarm.
 */
@ApplicationScoped
public class AnomalyService {

    private static final EnumSet<Carrier> ENERGY = EnumSet.of(Carrier.ELECTRICITY, Carrier.GAS, Carrier.HEAT);

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    WeatherService weather;
    @Inject
    TariffService tariffs;
    @Inject
    AlarmService alarms;
    @Inject
    AnomalyConfig config;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    /** One meter's day: the check (null when skipped), what was done, and why when skipped. */
    public record Outcome(String pointId, long ruleId, DailyAnomaly check, String action, BigDecimal excessCost,
                          String currency) {
    }

    @Scheduled(every = "${fm.energy.anomaly.every:1h}", delayed = "50s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        for (String site : registry.siteIds()) {
            try {
                check(site, registry.site(site).yesterday(clock.instant()));
            } catch (RuntimeException e) {
                Log.warnf("energy: anomaly check of %s failed: %s", site, e.getMessage());
            }
        }
    }

    /** Checks one local day of a site's main energy meters. */
    public List<Outcome> check(String site, LocalDate day) {
        SiteModel model = registry.site(site);
        Map<String, Long> rules = ensureRules(model);
        List<Outcome> out = new ArrayList<>();
        LocalDate from = day.minusDays(SavingsAnalysis.BASELINE_DAYS);
        DailyTemperatures t = null;
        for (Carrier carrier : ENERGY) {
            List<Meter> mains = model.meters().stream().filter(m -> m.carrier() == carrier && m.parentPointId() == null).toList();
            if (mains.isEmpty()) {
                continue;
            }
            if (t == null) {
                t = weather.dailyF(site, from, day.plusDays(1), WeatherService.DayBoundary.LOCAL);
            }
            Map<String, double[]> kwh = consumption.dailyEnergyKwh(site, carrier, from, day.plusDays(1));
            CaltrackFitter fitter = new CaltrackFitter(carrier == Carrier.ELECTRICITY ? CaltrackFitter.Settings.daily()
                    : CaltrackFitter.Settings.daily().withoutCooling());
            for (Meter meter : mains) {
                Long ruleId = rules.get(meter.pointId());
                RuleSpec spec = ruleId == null ? null : spec(ruleId);
                if (spec == null) {
                    continue; // disabled
                }
                double[] use = kwh.get(meter.pointId());
                if (use == null) {
                    count("no-readings");
                    out.add(new Outcome(meter.pointId(), ruleId, null, "SKIPPED", null, null));
                    continue;
                }
                List<UsagePeriod> periods = UsagePeriods.daily(from, use, t);
                Double sigmas = ((RuleSpec.EnergyAnomaly) spec.condition()).sigmas();
                Optional<DailyAnomaly> check = DailyAnomaly.check(periods.subList(0, SavingsAnalysis.BASELINE_DAYS),
                        periods.get(SavingsAnalysis.BASELINE_DAYS), sigmas != null ? sigmas : config.sigmas(), fitter);
                if (check.isEmpty()) {
                    count("no-baseline");
                    out.add(new Outcome(meter.pointId(), ruleId, null, "SKIPPED", null, null));
                    continue;
                }
                count(check.get().anomalous() ? "anomalous" : "normal");
                BigDecimal cost = null;
                String currency = null;
                if (check.get().anomalous() && carrier != Carrier.GAS) {
                    var calc = tariffs.calculator(site, carrier);
                    Tariff tariff = currencyOf(site, carrier);
                    if (calc.isPresent() && tariff != null) {
                        cost = EvenDayPrice.of(calc.get(), day, check.get().excess()).setScale(2, RoundingMode.HALF_UP);
                        currency = tariff.currency;
                    }
                }
                out.add(new Outcome(meter.pointId(), ruleId, check.get(), apply(spec, check.get(), model, cost, currency),
                        cost, currency));
            }
        }
        return out;
    }

    private void count(String outcome) {
        metrics.counter("fm_energy_anomaly_checks_total", "outcome", outcome).increment();
    }

    @Transactional
    Tariff currencyOf(String site, Carrier carrier) {
        return Tariff.<Tariff>find("siteId = ?1 and carrier = ?2", site, carrier).firstResult();
    }

    private String apply(RuleSpec spec, DailyAnomaly a, SiteModel model, BigDecimal cost, String currency) {
        Instant activeSince = activeAlarmLastTs(spec.id(), spec.assetId());
        boolean active = activeSince != null;
        long ts = a.day().plusDays(1).atStartOfDay(model.zone()).toInstant().toEpochMilli();
        String message = a.message("kWh") + (cost == null ? "" : String.format(java.util.Locale.ROOT, ", %s %s", cost.toPlainString(), currency));
        try {
            if (a.anomalous() && !active) {
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, a.metered(), message));
                return "RAISED";
            }
            if (a.anomalous() && activeSince.toEpochMilli() < ts) {
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, a.metered(), message));
                return "REPEATED";
            }
            if (!a.anomalous() && active && activeSince.toEpochMilli() < ts) {
                alarms.apply(new RuleEvent(RuleEvent.Type.CLEAR, spec, ts, a.metered(), message));
                return "CLEARED";
            }
        } catch (RuntimeException e) {
            Log.debugf("energy: anomaly %s of rule %d not applied: %s", a.day(), spec.id(), e.getMessage());
        }
        return a.anomalous() ? "ALREADY_ACTIVE" : "NORMAL";
    }

    @Transactional
    Instant activeAlarmLastTs(long ruleId, String assetId) {
        Alarm a = Alarm.find("assetId = ?1 and ruleId = ?2 and status <> ?3", assetId, ruleId, AlarmStatus.CLEARED).firstResult();
        return a == null ? null : a.lastTs;
    }

    @Transactional
    RuleSpec spec(long ruleId) {
        Rule r = Rule.findById(ruleId);
        if (r == null || !r.enabled) {
            return null;
        }
        Double sigmas = null;
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.params);
            sigmas = json.hasNonNull("sigmas") ? json.get("sigmas").asDouble() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Log.debugf("energy: rule %d has unreadable params, default sigmas", r.id);
        }
        return new RuleSpec(r.id, r.name, r.siteId, r.assetId, r.pointId, r.severity, r.createsWorkOrder,
                new RuleSpec.EnergyAnomaly(sigmas));
    }

    /** The anomaly rule of each main energy meter (point id → rule id), creating missing ones. */
    @Transactional
    Map<String, Long> ensureRules(SiteModel model) {
        int created = 0;
        for (Meter m : model.meters()) {
            if (!ENERGY.contains(m.carrier()) || m.parentPointId() != null) {
                continue;
            }
            created += em.createNativeQuery("""
                    insert into rule (name, site_id, asset_id, point_id, kind, params, severity, enabled,
                                      creates_work_order, created_at, updated_at)
                    values (?1, ?2, ?3, ?4, 'ENERGY_ANOMALY', '{}', ?5, true, false, ?6, ?6)
                    on conflict (point_id) where kind = 'ENERGY_ANOMALY' do nothing
                    """).setParameter(1, "Daily use of " + m.pointId() + " against its weather-normalized baseline")
                    .setParameter(2, model.siteId()).setParameter(3, m.assetId()).setParameter(4, m.pointId())
                    .setParameter(5, config.severity()).setParameter(6, clock.instant()).executeUpdate();
        }
        if (created > 0) {
            em.createNativeQuery("update rule_set_version set version = version + 1 where id = 1").executeUpdate();
        }
        Map<String, Long> out = new HashMap<>();
        for (Rule r : Rule.<Rule>list("siteId = ?1 and kind = ?2", model.siteId(), RuleKind.ENERGY_ANOMALY)) {
            out.put(r.pointId, r.id);
        }
        return out;
    }
}
