package org.facilitymonitor.alarms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.facilitymonitor.alarms.AlarmViews.AlarmView;
import org.facilitymonitor.alarms.AlarmViews.AlarmWithHistory;
import org.facilitymonitor.alarms.AlarmViews.HistoryView;
import org.facilitymonitor.alarms.AlarmViews.WindowView;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.rules.Rule;
import org.facilitymonitor.rules.RuleEvent;

/** Alarm lifecycle in PostgreSQL: raise (or repeat, or reopen), suppress, clear, acknowledge, comment. */
@ApplicationScoped
public class AlarmService {

    @Inject
    Clock clock;
    @Inject
    AlarmConfig config;
    @Inject
    AlarmWorkOrders workOrders;
    @Inject
    Instance<AlarmListener> listeners;

    /** Records one conclusion of the rule engine. Idempotent for repeats: a raise of an active alarm counts an occurrence. */
    @Transactional
    public void apply(RuleEvent event) {
        Rule rule = Rule.findById(event.rule().id());
        if (rule == null) {
            return; // deleted meanwhile
        }
        Instant at = Instant.ofEpochMilli(event.ts());
        Alarm active = Alarm.find("assetId = ?1 and ruleId = ?2 and status <> ?3", event.rule().assetId(),
                event.rule().id(), AlarmStatus.CLEARED).firstResult();
        if (event.type() == RuleEvent.Type.CLEAR) {
            // A clear judged from a reading older than what the alarm has seen (a restarted engine, or
            // an instance that missed newer readings, fed a redelivered old batch) says nothing about now.
            if (active != null && !at.isBefore(active.lastTs)) {
                active.status = AlarmStatus.CLEARED;
                active.clearedAt = at;
                active.lastTs = at;
                active.lastValue = event.value();
                AlarmHistory.record(active.id, at, "CLEARED", null, event.message(), event.value());
            }
            return;
        }
        if (active != null) {
            active.occurrences++;
            active.lastTs = at;
            active.lastValue = event.value();
            AlarmHistory.record(active.id, at, "REPEATED", null, event.message(), event.value());
            return;
        }
        Alarm recent = Alarm.find("assetId = ?1 and ruleId = ?2 and status = ?3 and clearedAt > ?4 order by clearedAt desc",
                event.rule().assetId(), event.rule().id(), AlarmStatus.CLEARED, at.minus(config.stormWindow()))
                .firstResult();
        if (recent != null && !at.isAfter(recent.clearedAt)) {
            return; // an old raise (a redelivery) after the alarm already cleared: not a new storm
        }
        if (recent != null) {
            recent.status = AlarmStatus.ACTIVE_UNACK;
            recent.clearedAt = null;
            recent.acknowledgedAt = null;
            recent.acknowledgedBy = null;
            recent.occurrences++;
            recent.lastTs = at;
            recent.lastValue = event.value();
            recent.message = event.message();
            AlarmHistory.record(recent.id, at, "REOPENED", null, event.message(), event.value());
            return; // the storm's first raise already notified and opened its work order
        }
        Alarm a = new Alarm();
        a.ruleId = rule.id;
        a.siteId = rule.siteId;
        a.assetId = rule.assetId;
        a.pointId = rule.pointId;
        a.severity = rule.severity;
        a.status = AlarmStatus.ACTIVE_UNACK;
        a.message = event.message();
        a.raisedAt = at;
        a.triggerValue = event.value();
        a.lastTs = at;
        a.lastValue = event.value();
        a.occurrences = 1;
        a.suppressionReason = suppression(rule.assetId, at);
        a.suppressed = a.suppressionReason != null;
        a.persistAndFlush(); // a second instance raising the same alarm fails here, on the unique index
        AlarmHistory.record(a.id, at, "RAISED", null, event.message(), event.value());
        if (a.suppressed) {
            AlarmHistory.record(a.id, at, "SUPPRESSED", null, a.suppressionReason, null);
            return;
        }
        if (rule.createsWorkOrder) {
            a.workOrderId = workOrders.openWorkOrder(a, rule.name, rule.workOrderPriority);
        }
        for (AlarmListener listener : listeners) {
            listener.raised(a, rule.name);
        }
    }

    private String suppression(String assetId, Instant at) {
        MaintenanceWindow w = MaintenanceWindow.find("assetId = ?1 and startsAt <= ?2 and endsAt > ?2", assetId, at)
                .firstResult();
        if (w != null) {
            return "planned maintenance " + w.startsAt + " … " + w.endsAt + (w.reason == null ? "" : ": " + w.reason);
        }
        if (workOrders.hasOpenWorkOrder(assetId)) {
            return "the asset has an open work order";
        }
        return null;
    }

    @Transactional
    public AlarmView acknowledge(long id, String actor, String comment) {
        if (actor == null || actor.isBlank()) {
            throw ProblemException.badRequest("'actor' is required: who acknowledges");
        }
        Alarm a = find(id);
        if (a.acknowledgedAt != null) {
            throw ProblemException.conflict("alarm " + id + " was acknowledged by " + a.acknowledgedBy + " at "
                    + a.acknowledgedAt);
        }
        Instant now = clock.instant();
        a.acknowledgedAt = now;
        a.acknowledgedBy = actor;
        if (a.status == AlarmStatus.ACTIVE_UNACK) {
            a.status = AlarmStatus.ACTIVE_ACK;
        }
        AlarmHistory.record(a.id, now, "ACKNOWLEDGED", actor, comment, null);
        return AlarmView.of(a);
    }

    @Transactional
    public void comment(long id, String actor, String comment) {
        if (actor == null || actor.isBlank() || comment == null || comment.isBlank()) {
            throw ProblemException.badRequest("'actor' and 'comment' are required");
        }
        find(id);
        AlarmHistory.record(id, clock.instant(), "COMMENTED", actor, comment, null);
    }

    /**
     * Newest first. {@code status} ACTIVE (not cleared), ACTIVE_UNACK, ACTIVE_ACK or CLEARED, any when
     * null; {@code site} and {@code asset} narrow it down when given; at most {@code limit} (1–1000).
     */
    @Transactional
    public List<AlarmView> list(String status, String site, String asset, int limit) {
        QueryFilter filter = new QueryFilter().eq("siteId", site).eq("assetId", asset);
        if ("ACTIVE".equalsIgnoreCase(status)) {
            filter.ne("status", AlarmStatus.CLEARED);
        } else if (status != null) {
            filter.eq("status", parseStatus(status));
        }
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit: 1..1000, was " + limit);
        }
        return Alarm.<Alarm>find(filter.jpql() + " order by raisedAt desc, id desc", filter.parameters()).page(0, limit)
                .stream().map(AlarmView::of).toList();
    }

    private static AlarmStatus parseStatus(String status) {
        try {
            return AlarmStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status: ACTIVE, ACTIVE_UNACK, ACTIVE_ACK or CLEARED, was '" + status + "'");
        }
    }

    /** An alarm with every step of its life, oldest first. */
    @Transactional
    public AlarmWithHistory withHistory(long id) {
        Alarm alarm = find(id);
        List<HistoryView> history = AlarmHistory.<AlarmHistory>list("alarmId = ?1 order by at, id", id).stream()
                .map(HistoryView::of).toList();
        return new AlarmWithHistory(AlarmView.of(alarm), history);
    }

    /** Rule ids with an active alarm, so a restarted engine does not raise them again. */
    @Transactional
    public Set<Long> activeRuleIds() {
        return Alarm.<Alarm>list("status <> ?1", AlarmStatus.CLEARED).stream().map(a -> a.ruleId)
                .collect(Collectors.toSet());
    }

    /** Alarms raised and not yet acknowledged (suppressed ones excepted), for the reminders. */
    @Transactional
    public List<Alarm> unacknowledged() {
        return Alarm.list("status = ?1 and suppressed = false", AlarmStatus.ACTIVE_UNACK);
    }

    /** How many alarms a rule has raised in all (a rule with alarms keeps its history and is never deleted). */
    @Transactional
    public long countForRule(long ruleId) {
        return Alarm.count("ruleId", ruleId);
    }

    @Transactional
    public WindowView addWindow(String assetId, Instant startsAt, Instant endsAt, String reason) {
        if (assetId == null || startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw ProblemException.badRequest("'assetId', 'startsAt' and a later 'endsAt' are required");
        }
        if (Asset.findById(assetId) == null) {
            throw ProblemException.notFound("asset", assetId);
        }
        MaintenanceWindow w = new MaintenanceWindow();
        w.assetId = assetId;
        w.startsAt = startsAt;
        w.endsAt = endsAt;
        w.reason = reason;
        w.persist();
        return WindowView.of(w);
    }

    /** Maintenance windows, of one asset when {@code assetId} is given. */
    @Transactional
    public List<WindowView> windows(String assetId) {
        List<MaintenanceWindow> windows = assetId == null ? MaintenanceWindow.listAll()
                : MaintenanceWindow.list("assetId", assetId);
        return windows.stream().map(WindowView::of).toList();
    }

    private static Alarm find(long id) {
        Alarm a = Alarm.findById(id);
        if (a == null) {
            throw ProblemException.notFound("alarm", Long.toString(id));
        }
        return a;
    }
}
