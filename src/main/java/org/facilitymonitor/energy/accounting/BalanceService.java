package org.facilitymonitor.energy.accounting;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.alarms.Alarm;
import org.facilitymonitor.alarms.AlarmService;
import org.facilitymonitor.alarms.AlarmStatus;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.rules.Rule;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleKind;
import org.facilitymonitor.rules.RuleSpec;

/**
 * The daily balance check, through the alarm pipeline: every main meter with sub-meters gets a
 * {@link RuleKind#METER_BALANCE} rule (created here, one per point by a unique index); a day out of
 * balance raises that rule's alarm (a later day still out of balance counts an occurrence), a
 * balanced day clears it. Runs on every instance: a raise only when the rule has no active alarm
 * or one last seen before that day's end, a clear only when it has one, and the alarm table's
 * unique active index, keep it single.
 */
@ApplicationScoped
public class BalanceService {

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    AlarmService alarms;
    @Inject
    BalanceConfig config;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    public record Outcome(BalanceCheck.Verdict verdict, long ruleId, String action) {
    }

    @Scheduled(every = "${fm.energy.balance.every:1h}", delayed = "30s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        for (String site : registry.siteIds()) {
            try {
                check(site, registry.site(site).yesterday(clock.instant()));
            } catch (RuntimeException e) {
                Log.warnf("energy: balance check of %s failed: %s", site, e.getMessage());
            }
        }
    }

    /** Checks one local day of a site; returns a verdict per main meter that had figures, and what was done. */
    public List<Outcome> check(String site, LocalDate day) {
        SiteModel model = registry.site(site);
        Map<String, Long> rules = ensureRules(model);
        List<Outcome> out = new ArrayList<>();
        for (Carrier carrier : Carrier.values()) {
            MeterTree tree = model.tree(carrier);
            if (tree.mainsWithSubMeters().isEmpty()) {
                continue;
            }
            Map<String, double[]> daily = consumption.daily(site, carrier, day, day.plusDays(1));
            Map<String, Double> values = new HashMap<>();
            daily.forEach((p, v) -> values.put(p, v[0]));
            for (Meter main : tree.mainsWithSubMeters()) {
                Long ruleId = rules.get(main.pointId());
                if (ruleId == null) {
                    continue;
                }
                RuleSpec spec = spec(ruleId);
                if (spec == null) {
                    continue; // disabled
                }
                RuleSpec.MeterBalance params = (RuleSpec.MeterBalance) spec.condition();
                BalanceCheck.Limits limits = new BalanceCheck.Limits(
                        params.tolerance() != null ? params.tolerance() : config.tolerance(),
                        params.untrackedLimit() != null ? params.untrackedLimit() : config.untrackedLimit());
                var verdict = BalanceCheck.check(main.pointId(), tree.subMeters(main.pointId()), day, values, limits,
                        carrier.canonicalUnit());
                if (verdict.isEmpty()) {
                    continue;
                }
                out.add(new Outcome(verdict.get(), ruleId, apply(spec, verdict.get(), model)));
            }
        }
        return out;
    }

    private String apply(RuleSpec spec, BalanceCheck.Verdict v, SiteModel model) {
        java.time.Instant activeSince = activeAlarmLastTs(spec.id(), spec.assetId());
        boolean active = activeSince != null;
        long ts = v.day().plusDays(1).atStartOfDay(model.zone()).toInstant().toEpochMilli();
        double value = v.untrackedShare();
        try {
            if (v.outOfBalance() && !active) {
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, value, v.message()));
                return "RAISED";
            }
            if (v.outOfBalance() && activeSince.toEpochMilli() < ts) {
                // a later day still out of balance: one more occurrence of the alarm, with that day's message
                alarms.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, value, v.message()));
                return "REPEATED";
            }
            if (!v.outOfBalance() && active) {
                alarms.apply(new RuleEvent(RuleEvent.Type.CLEAR, spec, ts, value, v.message()));
                return "CLEARED";
            }
        } catch (RuntimeException e) {
            // another instance raised it at the same moment (the unique active index): its alarm stands
            Log.debugf("energy: balance %s of rule %d not applied: %s", v.day(), spec.id(), e.getMessage());
        }
        return v.outOfBalance() ? "ALREADY_ACTIVE" : "BALANCED";
    }

    /** The last event time of the rule's active alarm, or null without one. */
    @Transactional
    java.time.Instant activeAlarmLastTs(long ruleId, String assetId) {
        Alarm a = Alarm.find("assetId = ?1 and ruleId = ?2 and status <> ?3", assetId, ruleId, AlarmStatus.CLEARED).firstResult();
        return a == null ? null : a.lastTs;
    }

    @Transactional
    RuleSpec spec(long ruleId) {
        Rule r = Rule.findById(ruleId);
        if (r == null || !r.enabled) {
            return null;
        }
        RuleSpec.MeterBalance params;
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.params);
            params = new RuleSpec.MeterBalance(json.hasNonNull("tolerance") ? json.get("tolerance").asDouble() : null,
                    json.hasNonNull("untrackedLimit") ? json.get("untrackedLimit").asDouble() : null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            params = new RuleSpec.MeterBalance(null, null);
        }
        return new RuleSpec(r.id, r.name, r.siteId, r.assetId, r.pointId, r.severity, r.createsWorkOrder, params);
    }

    /** The balance rule of each main meter (point id → rule id), creating missing ones. */
    @Transactional
    Map<String, Long> ensureRules(SiteModel model) {
        int created = 0;
        for (Carrier carrier : Carrier.values()) {
            for (Meter main : model.tree(carrier).mainsWithSubMeters()) {
                created += em.createNativeQuery("""
                        insert into rule (name, site_id, asset_id, point_id, kind, params, severity, enabled,
                                          creates_work_order, created_at, updated_at)
                        values (?1, ?2, ?3, ?4, 'METER_BALANCE', '{}', ?5, true, false, ?6, ?6)
                        on conflict (point_id) where kind = 'METER_BALANCE' do nothing
                        """).setParameter(1, "Balance of " + main.pointId() + " against its sub-meters")
                        .setParameter(2, model.siteId()).setParameter(3, main.assetId()).setParameter(4, main.pointId())
                        .setParameter(5, config.severity()).setParameter(6, clock.instant()).executeUpdate();
            }
        }
        if (created > 0) {
            em.createNativeQuery("update rule_set_version set version = version + 1 where id = 1").executeUpdate();
        }
        Map<String, Long> out = new HashMap<>();
        for (Rule r : Rule.<Rule>list("siteId = ?1 and kind = ?2", model.siteId(), RuleKind.METER_BALANCE)) {
            out.put(r.pointId, r.id);
        }
        return out;
    }
}
