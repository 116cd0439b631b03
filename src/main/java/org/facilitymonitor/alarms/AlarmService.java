package org.facilitymonitor.alarms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.facilitymonitor.alarms.AlarmViews.AlarmView;
import org.facilitymonitor.alarms.AlarmViews.AlarmWithHistory;
import org.facilitymonitor.alarms.AlarmViews.HistoryView;
import org.facilitymonitor.alarms.AlarmViews.WindowView;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Bounds;
import org.facilitymonitor.assets.SiteScope;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.rules.Rule;
import org.facilitymonitor.rules.RuleEvent;

/** Alarm lifecycle in PostgreSQL: raise (or repeat, or reopen), suppress, clear, acknowledge, comment. */
@ApplicationScoped
public class AlarmService {

    /** Longest comment or window reason. */
    static final int MAX_TEXT = 2000;
    static final int MAX_LIMIT = 1000;

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

    /**
     * @param actor who acknowledges: the logged-in user
     * @param granted the sites the caller may touch: another site's alarm is 404 as if it did not exist
     */
    @Transactional
    public AlarmView acknowledge(long id, String actor, String comment, Predicate<String> granted) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs an actor");
        }
        checkComment(comment, false);
        Alarm a = find(id, granted);
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
    public void comment(long id, String actor, String comment, Predicate<String> granted) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("a comment needs an actor");
        }
        checkComment(comment, true);
        find(id, granted);
        AlarmHistory.record(id, clock.instant(), "COMMENTED", actor, comment, null);
    }

    private static void checkComment(String comment, boolean required) {
        if (required && (comment == null || comment.isBlank())) {
            throw ProblemException.invalid("'comment' is required",
                    List.of(new FieldError("comment", "is required")));
        }
        if (comment != null && comment.length() > MAX_TEXT) {
            throw Bounds.tooLarge("comment", "at most " + MAX_TEXT + " characters, was " + comment.length());
        }
    }

    /**
     * Newest first. {@code status} ACTIVE (not cleared), ACTIVE_UNACK, ACTIVE_ACK or CLEARED, any when
     * null; {@code site} and {@code asset} narrow it down when given; at most {@code limit} (1–1000);
     * only alarms of the granted {@code sites} (empty: all).
     */
    @Transactional
    public List<AlarmView> list(String status, String site, String asset, int limit, Optional<Set<String>> sites) {
        QueryFilter filter = new QueryFilter().eq("siteId", site).eq("assetId", asset);
        if ("ACTIVE".equalsIgnoreCase(status)) {
            filter.ne("status", AlarmStatus.CLEARED);
        } else if (status != null) {
            filter.eq("status", parseStatus(status));
        }
        Bounds.between("limit", limit, 1, MAX_LIMIT);
        return Alarm.<Alarm>find(SiteScope.jpql(filter, sites) + " order by raisedAt desc, id desc", filter.parameters())
                .page(0, limit)
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
    public AlarmWithHistory withHistory(long id, Predicate<String> granted) {
        Alarm alarm = find(id, granted);
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

    /**
     * A maintenance window of at most {@code fm.alarms.max-window-length}, created by {@code actor}.
     * An asset of a site not {@code granted} is 404 as if it did not exist.
     */
    @Transactional
    public WindowView addWindow(String assetId, Instant startsAt, Instant endsAt, String reason, String actor,
            Predicate<String> granted) {
        if (assetId == null || startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw ProblemException.badRequest("'assetId', 'startsAt' and a later 'endsAt' are required");
        }
        Duration length = Duration.between(startsAt, endsAt);
        if (length.compareTo(config.maxWindowLength()) > 0) {
            throw Bounds.tooLarge("endsAt", "the window lasts " + length + ", longer than the limit "
                    + config.maxWindowLength() + "; plan longer work as several windows or a work order");
        }
        if (reason != null && reason.length() > MAX_TEXT) {
            throw Bounds.tooLarge("reason", "at most " + MAX_TEXT + " characters, was " + reason.length());
        }
        Asset asset = Asset.findById(assetId);
        if (asset == null || !granted.test(asset.siteId)) {
            throw ProblemException.notFound("asset", assetId);
        }
        MaintenanceWindow w = new MaintenanceWindow();
        w.siteId = asset.siteId;
        w.assetId = assetId;
        w.startsAt = startsAt;
        w.endsAt = endsAt;
        w.reason = reason;
        w.createdBy = actor;
        w.createdAt = clock.instant();
        w.persist();
        return WindowView.of(w);
    }

    /** Maintenance windows of the granted {@code sites} (empty: all), newest first, of one asset when {@code assetId} is given. */
    @Transactional
    public List<WindowView> windows(String assetId, int limit, Optional<Set<String>> sites) {
        Bounds.between("limit", limit, 1, MAX_LIMIT);
        QueryFilter filter = new QueryFilter().eq("assetId", assetId);
        return MaintenanceWindow.<MaintenanceWindow>find(SiteScope.jpql(filter, sites)
                + " order by startsAt desc, id desc", filter.parameters()).page(0, limit)
                .stream().map(WindowView::of).toList();
    }

    /** An alarm of a site not granted is as missing as one that does not exist. */
    private static Alarm find(long id, Predicate<String> granted) {
        Alarm a = Alarm.findById(id);
        if (a == null || !granted.test(a.siteId)) {
            throw ProblemException.notFound("alarm", Long.toString(id));
        }
        return a;
    }
}
