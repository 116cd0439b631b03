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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.facilitymonitor.energy.costs.EnergyPrices;
import org.facilitymonitor.energy.waste.HourlyUse;
import org.facilitymonitor.energy.waste.WasteConfig;
import org.facilitymonitor.energy.waste.WasteFinder;
import org.facilitymonitor.energy.weather.WeatherService;
import org.facilitymonitor.rules.Rule;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleKind;
import org.facilitymonitor.rules.RuleSpec;

/**
 * The daily energy checks, through the alarm pipeline. Every main energy meter (electricity, gas,
 * heat; no parent meter) gets three rules (one of each kind per point by a unique index):
 * <ul>
 * <li>{@link RuleKind#ENERGY_ANOMALY}: the day's use against a CalTRACK daily baseline fitted on
 *     the 365 days before it, outside the prediction interval either way;</li>
 * <li>{@link RuleKind#AFTER_HOURS_USE}: the day's use outside the operating hours (all day on
 *     closed days) above the base load of the 28 days before by more than the tolerance;</li>
 * <li>{@link RuleKind#BASE_LOAD_CREEP}: the base load of the last 14 days against the 28 days
 *     ending twelve weeks before, grown by more than the threshold.</li>
 * </ul>
 * A finding raises the rule's alarm (a later day adds an occurrence), a normal day clears it. A
 * meter without enough data is skipped and counted ({@code fm_energy_anomaly_checks_total{outcome}}).
 * Runs on every instance like the balance check: the alarm table's unique active index keeps one alarm.
 */
@ApplicationScoped
public class AnomalyService {

    static final int CREEP_WEEKS_APART = 12;
    private static final EnumSet<Carrier> ENERGY = EnumSet.of(Carrier.ELECTRICITY, Carrier.GAS, Carrier.HEAT);
    private static final Map<RuleKind, String> RULE_NAMES = new LinkedHashMap<>();

    static {
        RULE_NAMES.put(RuleKind.ENERGY_ANOMALY, "Daily use of %s against its weather-normalized baseline");
        RULE_NAMES.put(RuleKind.AFTER_HOURS_USE, "Use of %s outside the operating hours");
        RULE_NAMES.put(RuleKind.BASE_LOAD_CREEP, "Base load of %s creeping up");
    }

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    HourlyUse hourlyUse;
    @Inject
    WeatherService weather;
    @Inject
    EnergyPrices prices;
    @Inject
    AlarmService alarms;
    @Inject
    AnomalyConfig config;
    @Inject
    WasteConfig waste;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    /** One meter's day against its baseline: the check (null when skipped), what was done. */
    public record Outcome(String pointId, long ruleId, DailyAnomaly check, String action, BigDecimal excessCost,
                          String currency) {
    }

    /** One meter's day of the after-hours or base-load check, what was done and the message. */
    public record HourlyOutcome(String pointId, RuleKind kind, long ruleId, boolean anomalous, String action, String message) {
    }

    /** Every check of a site's day. */
    public record DayChecks(List<Outcome> model, List<HourlyOutcome> hourly) {
    }

    @Scheduled(every = "${fm.energy.anomaly.every:1h}", delayed = "50s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        for (String site : registry.siteIds()) {
            try {
                checkAll(site, registry.site(site).yesterday(clock.instant()));
            } catch (RuntimeException e) {
                Log.warnf("energy: anomaly check of %s failed: %s", site, e.getMessage());
            }
        }
    }

    /** Checks one local day of a site's main energy meters against their baselines. */
    public List<Outcome> check(String site, LocalDate day) {
        return checkAll(site, day).model();
    }

    /** Every daily check of one local day: the baseline model, the after-hours use and the base-load creep. */
    public DayChecks checkAll(String site, LocalDate day) {
        SiteModel model = registry.site(site);
        Map<RuleKind, Map<String, Long>> rules = ensureRules(model);
        return new DayChecks(modelChecks(site, day, model, rules.get(RuleKind.ENERGY_ANOMALY)),
                hourlyChecks(site, day, model, rules));
    }

    private List<Outcome> modelChecks(String site, LocalDate day, SiteModel model, Map<String, Long> rules) {
        List<Outcome> out = new ArrayList<>();
        LocalDate from = day.minusDays(SavingsAnalysis.BASELINE_DAYS);
        DailyTemperatures t = null;
        for (Carrier carrier : ENERGY) {
            List<Meter> mains = mains(model, carrier);
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
                RuleSpec spec = spec(ruleId);
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
                if (check.get().anomalous()) {
                    var price = prices.forSite(site, carrier);
                    BigDecimal amount = price.map(p -> p.ofDay(day, check.get().excess())).orElse(null);
                    if (amount != null) {
                        cost = amount.setScale(2, RoundingMode.HALF_UP);
                        currency = price.get().currency();
                    }
                }
                String message = check.get().message("kWh")
                        + (cost == null ? "" : String.format(Locale.ROOT, ", %s %s", cost.toPlainString(), currency));
                out.add(new Outcome(meter.pointId(), ruleId, check.get(),
                        apply(spec, check.get().anomalous(), day, check.get().metered(), message, model), cost, currency));
            }
        }
        return out;
    }

    private List<HourlyOutcome> hourlyChecks(String site, LocalDate day, SiteModel model,
                                             Map<RuleKind, Map<String, Long>> rules) {
        List<HourlyOutcome> out = new ArrayList<>();
        ZoneId zone = model.zone();
        WasteFinder.OperatingHours hours = new WasteFinder.OperatingHours(waste.operatingDays(), waste.opens(), waste.closes());
        for (Carrier carrier : ENERGY) {
            List<Meter> mains = mains(model, carrier);
            if (mains.isEmpty()) {
                continue;
            }
            Optional<EnergyPrices.KwhPrice> price = prices.forSite(site, carrier);
            HourlyUse.Hours h = hourlyUse.read(site, carrier, day.minusWeeks(CREEP_WEEKS_APART).minusDays(28), day.plusDays(1), zone);
            long[] ms = h.startMs();
            int dayStart = h.indexOf(startMs(day, zone));
            int historyStart = h.indexOf(startMs(day.minusDays(28), zone));
            int recentStart = h.indexOf(startMs(day.minusDays(13), zone));
            int earlierEnd = h.indexOf(startMs(day.minusWeeks(CREEP_WEEKS_APART), zone));
            for (Meter meter : mains) {
                double[] kwh = h.kwh().get(meter.pointId());
                if (kwh == null) {
                    continue;
                }
                RuleSpec after = spec(rules.get(RuleKind.AFTER_HOURS_USE).get(meter.pointId()));
                if (after != null) {
                    Double t = ((RuleSpec.AfterHoursUse) after.condition()).tolerance();
                    WasteFinder.afterHoursDay(day, Arrays.copyOfRange(ms, dayStart, ms.length),
                            Arrays.copyOfRange(kwh, dayStart, kwh.length), Arrays.copyOfRange(kwh, historyStart, dayStart),
                            zone, hours, t != null ? t : config.afterHoursTolerance()).ifPresent(v -> {
                                count("after-hours-" + (v.anomalous() ? "anomalous" : "normal"));
                                String message = v.message() + money(price, day, v.excess(), "");
                                out.add(new HourlyOutcome(meter.pointId(), RuleKind.AFTER_HOURS_USE, after.id(), v.anomalous(),
                                        apply(after, v.anomalous(), day, v.closedUse(), message, model), message));
                            });
                }
                RuleSpec creep = spec(rules.get(RuleKind.BASE_LOAD_CREEP).get(meter.pointId()));
                if (creep != null) {
                    Double t = ((RuleSpec.BaseLoadCreep) creep.condition()).threshold();
                    WasteFinder.creep(Arrays.copyOfRange(kwh, recentStart, kwh.length), Arrays.copyOfRange(kwh, 0, earlierEnd),
                            CREEP_WEEKS_APART, t != null ? t : config.creepThreshold()).ifPresent(c -> {
                                count("creep-" + (c.anomalous() ? "anomalous" : "normal"));
                                String message = c.message() + money(price, day, c.yearlyKwh(), " a year");
                                out.add(new HourlyOutcome(meter.pointId(), RuleKind.BASE_LOAD_CREEP, creep.id(), c.anomalous(),
                                        apply(creep, c.anomalous(), day, c.recentBase(), message, model), message));
                            });
                }
            }
        }
        return out;
    }

    /** ", 12.34 EUR" for kWh above the expected use, priced on the day; empty without a price or when not positive. */
    private static String money(Optional<EnergyPrices.KwhPrice> price, LocalDate day, double kwh, String per) {
        if (price.isEmpty() || !(kwh > 0)) {
            return "";
        }
        BigDecimal amount = price.get().ofDay(day, kwh);
        return amount == null ? "" : String.format(Locale.ROOT, ", %s %s%s",
                amount.setScale(2, RoundingMode.HALF_UP).toPlainString(), price.get().currency(), per);
    }

    private static long startMs(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static List<Meter> mains(SiteModel model, Carrier carrier) {
        return model.meters().stream().filter(m -> m.carrier() == carrier && m.parentPointId() == null).toList();
    }

    private void count(String outcome) {
        metrics.counter("fm_energy_anomaly_checks_total", "outcome", outcome).increment();
    }

    private String apply(RuleSpec spec, boolean anomalous, LocalDate day, double value, String message, SiteModel model) {
        Instant activeSince = activeAlarmLastTs(spec.id(), spec.assetId());
        boolean active = activeSince != null;
        long ts = day.plusDays(1).atStartOfDay(model.zone()).toInstant().toEpochMilli();
        try {
            if (anomalous && !active) {
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, value, message));
                return "RAISED";
            }
            if (anomalous && activeSince.toEpochMilli() < ts) {
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, value, message));
                return "REPEATED";
            }
            if (!anomalous && active && activeSince.toEpochMilli() < ts) {
                alarms.apply(new RuleEvent(RuleEvent.Type.CLEAR, spec, ts, value, message));
                return "CLEARED";
            }
        } catch (RuntimeException e) {
            // another instance raised it at the same moment (the unique active index): its alarm stands
            Log.debugf("energy: %s on %s of rule %d not applied: %s", spec.kind(), day, spec.id(), e.getMessage());
        }
        return anomalous ? "ALREADY_ACTIVE" : "NORMAL";
    }

    @Transactional
    Instant activeAlarmLastTs(long ruleId, String assetId) {
        Alarm a = Alarm.find("assetId = ?1 and ruleId = ?2 and status <> ?3", assetId, ruleId, AlarmStatus.CLEARED).firstResult();
        return a == null ? null : a.lastTs;
    }

    @Transactional
    RuleSpec spec(Long ruleId) {
        Rule r = ruleId == null ? null : Rule.findById(ruleId);
        if (r == null || !r.enabled) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.params);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        RuleSpec.Condition c = switch (r.kind) {
            case AFTER_HOURS_USE -> new RuleSpec.AfterHoursUse(number(json, "tolerance"));
            case BASE_LOAD_CREEP -> new RuleSpec.BaseLoadCreep(number(json, "threshold"));
            default -> new RuleSpec.EnergyAnomaly(number(json, "sigmas"));
        };
        return new RuleSpec(r.id, r.name, r.siteId, r.assetId, r.pointId, r.severity, r.createsWorkOrder, c);
    }

    private static Double number(com.fasterxml.jackson.databind.JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asDouble() : null;
    }

    /** The rules of the daily checks of each main energy meter (kind → point id → rule id), creating missing ones. */
    @Transactional
    Map<RuleKind, Map<String, Long>> ensureRules(SiteModel model) {
        int created = 0;
        for (Meter m : model.meters()) {
            if (!ENERGY.contains(m.carrier()) || m.parentPointId() != null) {
                continue;
            }
            for (Map.Entry<RuleKind, String> kind : RULE_NAMES.entrySet()) {
                created += em.createNativeQuery("insert into rule (name, site_id, asset_id, point_id, kind, params, severity,"
                                + " enabled, creates_work_order, created_at, updated_at)"
                                + " values (?1, ?2, ?3, ?4, ?5, '{}', ?6, true, false, ?7, ?7)"
                                + " on conflict (point_id, kind) where kind in ('ENERGY_ANOMALY', 'AFTER_HOURS_USE', 'BASE_LOAD_CREEP')"
                                + " do nothing")
                        .setParameter(1, String.format(kind.getValue(), m.pointId())).setParameter(2, model.siteId())
                        .setParameter(3, m.assetId()).setParameter(4, m.pointId()).setParameter(5, kind.getKey().name())
                        .setParameter(6, config.severity()).setParameter(7, clock.instant()).executeUpdate();
            }
        }
        if (created > 0) {
            em.createNativeQuery("update rule_set_version set version = version + 1 where id = 1").executeUpdate();
        }
        Map<RuleKind, Map<String, Long>> out = new HashMap<>();
        for (RuleKind k : RULE_NAMES.keySet()) {
            Map<String, Long> byPoint = new HashMap<>();
            for (Rule r : Rule.<Rule>list("siteId = ?1 and kind = ?2", model.siteId(), k)) {
                byPoint.put(r.pointId, r.id);
            }
            out.put(k, byPoint);
        }
        return out;
    }
}
