package org.facilitymonitor.alarms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
import org.facilitymonitor.platform.SqlValues;
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
    @Inject
    EntityManager em;

    /** What {@link #record} did with a conclusion. */
    public enum Outcome {
        /** The alarm changed (or the conclusion was judged as having nothing to change) and its key is recorded. */
        APPLIED,
        /** Its key was recorded before: by the queue, the sweep, another instance or an earlier attempt. */
        ALREADY_RECORDED,
        /** The sweep found a later conclusion of the same rule applied: this one no longer says anything. */
        SUPERSEDED,
        /** The rule is gone; the conclusion is set aside with that reason. */
        RULE_DELETED
    }

    /**
     * Records one conclusion of the rule engine exactly once: its key goes into {@code rule_conclusion}
     * in the transaction of the alarm change, so a second call with the same key changes nothing.
     * {@code sweep}: the recovery sweep's call, which also skips a conclusion a later applied one of the
     * same rule superseded.
     */
    @Transactional
    public Outcome record(Conclusion c, boolean sweep) {
        Instant at = Instant.ofEpochMilli(c.ts());
        int taken = em.createNativeQuery("insert into rule_conclusion (rule_id, type, ts, outcome, recorded_at)"
                + " values (?1, ?2, ?3, 'APPLIED', ?4) on conflict do nothing")
                .setParameter(1, c.ruleId()).setParameter(2, c.type().name()).setParameter(3, at)
                .setParameter(4, clock.instant()).executeUpdate();
        if (taken == 0) {
            return Outcome.ALREADY_RECORDED;
        }
        if (sweep && ((Number) em.createNativeQuery("select count(*) from rule_conclusion where rule_id = ?1 and ts > ?2"
                + " and outcome = 'APPLIED'").setParameter(1, c.ruleId()).setParameter(2, at).getSingleResult())
                .longValue() > 0) {
            outcome(c, "SUPERSEDED");
            return Outcome.SUPERSEDED;
        }
        Rule rule = Rule.findById(c.ruleId());
        if (rule == null) {
            insertSetAside(c, FailureClassifier.RULE_DELETED, "rule " + c.ruleId()
                    + " was deleted before its conclusion was recorded", null, 1);
            outcome(c, "SET_ASIDE");
            return Outcome.RULE_DELETED;
        }
        change(c, rule);
        return Outcome.APPLIED;
    }

    /**
     * Keeps a conclusion that cannot be recorded, with its reason, and records its key as set aside; false
     * when its key was recorded meanwhile (another instance or the sweep took it: nothing to set aside).
     */
    @Transactional
    public boolean setAside(Conclusion c, String reason, String detail, String sqlState, int attempts) {
        int taken = em.createNativeQuery("insert into rule_conclusion (rule_id, type, ts, outcome, recorded_at)"
                + " values (?1, ?2, ?3, 'SET_ASIDE', ?4) on conflict do nothing")
                .setParameter(1, c.ruleId()).setParameter(2, c.type().name()).setParameter(3, Instant.ofEpochMilli(c.ts()))
                .setParameter(4, clock.instant()).executeUpdate();
        if (taken == 0) {
            return false;
        }
        insertSetAside(c, reason, detail, sqlState, attempts);
        return true;
    }

    private void insertSetAside(Conclusion c, String reason, String detail, String sqlState, int attempts) {
        em.createNativeQuery("insert into conclusion_set_aside (rule_id, type, ts, site_id, asset_id, point_id, value,"
                + " message, reason, detail, sql_state, attempts, set_aside_at) values (?1, ?2, ?3, ?4, ?5, ?6,"
                + " cast(?7 as double precision), ?8, ?9, ?10, cast(?11 as text), ?12, ?13) on conflict do nothing")
                .setParameter(1, c.ruleId()).setParameter(2, c.type().name()).setParameter(3, Instant.ofEpochMilli(c.ts()))
                .setParameter(4, storable(c.siteId())).setParameter(5, storable(c.assetId()))
                .setParameter(6, storable(c.pointId())).setParameter(7, c.value()).setParameter(8, storable(c.message()))
                .setParameter(9, reason).setParameter(10, storable(detail)).setParameter(11, sqlState)
                .setParameter(12, attempts).setParameter(13, clock.instant()).executeUpdate();
    }

    private void outcome(Conclusion c, String outcome) {
        em.createNativeQuery("update rule_conclusion set outcome = ?4 where rule_id = ?1 and type = ?2 and ts = ?3")
                .setParameter(1, c.ruleId()).setParameter(2, c.type().name()).setParameter(3, Instant.ofEpochMilli(c.ts()))
                .setParameter(4, outcome).executeUpdate();
    }

    /** PostgreSQL text holds no NUL; a set-aside row must not fail on what it keeps. */
    private static String storable(String text) {
        return text == null ? "" : text.replace('\u0000', ' ');
    }

    /** Keys of the conclusions recorded with a timestamp from {@code from} on, as {@link Conclusion#key()}. */
    @Transactional
    public Set<String> recordedKeys(Instant from) {
        Set<String> keys = new java.util.HashSet<>();
        for (Object row : em.createNativeQuery("select rule_id, type, ts from rule_conclusion where ts >= ?1")
                .setParameter(1, from).getResultList()) {
            Object[] r = (Object[]) row;
            keys.add(((Number) r[0]).longValue() + ":" + r[1] + ":" + SqlValues.instant(r[2]).toEpochMilli());
        }
        return keys;
    }


    /** Forgets keys older than the journal the sweep reads: nothing can ask for them again. */
    @Transactional
    public int forgetKeysBefore(Instant before) {
        return em.createNativeQuery("delete from rule_conclusion where ts < ?1").setParameter(1, before).executeUpdate();
    }

    /** Set-aside conclusions of the granted {@code sites} (empty: all), newest first. */
    @Transactional
    public List<AlarmViews.SetAsideView> setAside(int limit, Optional<Set<String>> sites) {
        Bounds.between("limit", limit, 1, MAX_LIMIT);
        if (sites.isPresent() && sites.get().isEmpty()) {
            return List.of();
        }
        var query = em.createNativeQuery("select id, rule_id, type, ts, site_id, asset_id, point_id, value, message, reason,"
                + " detail, sql_state, attempts, set_aside_at from conclusion_set_aside"
                + (sites.isPresent() ? " where site_id in (:sites)" : "") + " order by set_aside_at desc, id desc")
                .setMaxResults(limit);
        sites.ifPresent(s -> query.setParameter("sites", s));
        List<AlarmViews.SetAsideView> out = new java.util.ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            out.add(new AlarmViews.SetAsideView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                    SqlValues.instant(r[3]), (String) r[4], (String) r[5], (String) r[6],
                    r[7] == null ? null : ((Number) r[7]).doubleValue(), (String) r[8], (String) r[9], (String) r[10],
                    (String) r[11], ((Number) r[12]).intValue(), SqlValues.instant(r[13])));
        }
        return out;
    }

    /**
     * Applies one conclusion without recording its key (the energy feature's daily balance judges a day
     * again and may raise it again). Idempotent for repeats: a raise of an active alarm counts an occurrence.
     */
    @Transactional
    public void apply(RuleEvent event) {
        Rule rule = Rule.findById(event.rule().id());
        if (rule == null) {
            return; // deleted meanwhile
        }
        change(Conclusion.of(event), rule);
    }

    private void change(Conclusion event, Rule rule) {
        Double value = event.value();
        Instant at = Instant.ofEpochMilli(event.ts());
        Alarm active = Alarm.find("assetId = ?1 and ruleId = ?2 and status <> ?3", event.assetId(),
                event.ruleId(), AlarmStatus.CLEARED).firstResult();
        if (event.type() == RuleEvent.Type.CLEAR) {
            // A clear judged from a reading older than what the alarm has seen (a restarted engine, or
            // an instance that missed newer readings, fed a redelivered old batch) says nothing about now.
            if (active != null && !at.isBefore(active.lastTs)) {
                active.status = AlarmStatus.CLEARED;
                active.clearedAt = at;
                active.lastTs = at;
                active.lastValue = value;
                AlarmHistory.record(active.id, at, "CLEARED", null, event.message(), value);
            }
            return;
        }
        if (active != null) {
            active.occurrences++;
            active.lastTs = at;
            active.lastValue = value;
            AlarmHistory.record(active.id, at, "REPEATED", null, event.message(), value);
            return;
        }
        Alarm recent = Alarm.find("assetId = ?1 and ruleId = ?2 and status = ?3 and clearedAt > ?4 order by clearedAt desc",
                event.assetId(), event.ruleId(), AlarmStatus.CLEARED, at.minus(config.stormWindow()))
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
            recent.lastValue = value;
            recent.message = event.message();
            AlarmHistory.record(recent.id, at, "REOPENED", null, event.message(), value);
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
        a.triggerValue = value;
        a.lastTs = at;
        a.lastValue = value;
        a.occurrences = 1;
        a.suppressionReason = suppression(rule.assetId, at);
        a.suppressed = a.suppressionReason != null;
        a.persistAndFlush(); // a second instance raising the same alarm fails here, on the unique index
        AlarmHistory.record(a.id, at, "RAISED", null, event.message(), value);
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
