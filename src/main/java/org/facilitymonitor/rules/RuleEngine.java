package org.facilitymonitor.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates rules on live readings, in memory: a map from point to the state of each rule on it,
 * no database round-trip per reading. Pure: time is the readings' own timestamps, so the same
 * readings give the same events. Readings older than the last one a rule saw are ignored (late
 * or redelivered data must not flip a condition back). Not thread-safe: one caller at a time.
 */
public final class RuleEngine {

    private static final double HOUR_MS = 3_600_000.0;

    private final Map<String, List<State>> byPoint = new HashMap<>();
    private long ignoredLate;

    /**
     * Replaces the rules, keeping the state of rules that did not change (an edit of one rule does
     * not reset the others). {@code active}: ids of rules with an active alarm, so that a restarted
     * engine clears them rather than raising them again.
     */
    public void load(Collection<RuleSpec> rules, Set<Long> active) {
        Map<Long, State> old = new HashMap<>();
        byPoint.values().forEach(list -> list.forEach(s -> old.put(s.rule.id(), s)));
        byPoint.clear();
        for (RuleSpec r : rules) {
            if (r.kind() == RuleKind.STALE || r.kind() == RuleKind.METER_BALANCE || r.kind() == RuleKind.ENERGY_ANOMALY
                    || r.kind() == RuleKind.AFTER_HOURS_USE || r.kind() == RuleKind.BASE_LOAD_CREEP) {
                continue; // judged on a schedule, not on readings
            }
            State previous = old.get(r.id());
            State s = previous != null && previous.rule.equals(r) ? previous : new State(r, active.contains(r.id()));
            byPoint.computeIfAbsent(r.pointId(), p -> new ArrayList<>()).add(s);
        }
    }

    public boolean watches(String pointId) {
        return byPoint.containsKey(pointId);
    }

    public long ignoredLateReadings() {
        return ignoredLate;
    }

    /** The events one reading causes (usually none). */
    public List<RuleEvent> apply(String pointId, long ts, double value) {
        List<State> states = byPoint.get(pointId);
        if (states == null) {
            return List.of();
        }
        List<RuleEvent> events = new ArrayList<>(0);
        for (State s : states) {
            if (ts <= s.lastTs) {
                ignoredLate++;
                continue;
            }
            RuleSpec.Condition c = s.rule.condition();
            RuleEvent e;
            if (c instanceof RuleSpec.Threshold t) {
                e = threshold(s, t, ts, value);
            } else if (c instanceof RuleSpec.RateOfChange r) {
                e = rate(s, r, ts, value);
            } else if (c instanceof RuleSpec.StartsPerWindow w) {
                e = starts(s, w, ts, value);
            } else if (c instanceof RuleSpec.CounterAnomaly a) {
                e = counter(s, a, ts, value);
            } else if (c instanceof RuleSpec.NightFlow n) {
                e = nightFlow(s, n, ts, value);
            } else {
                e = null; // stale rules run on a schedule
            }
            s.lastTs = ts;
            s.lastValue = value;
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    private static RuleEvent threshold(State s, RuleSpec.Threshold t, long ts, double v) {
        boolean above = t.direction() == RuleSpec.Direction.ABOVE;
        if (!s.active) {
            if (above ? v > t.limit() : v < t.limit()) {
                if (s.since == Long.MIN_VALUE) {
                    s.since = ts;
                }
                if (ts - s.since >= t.forAtLeast().toMillis()) {
                    return s.raise(ts, v, String.format(Locale.ROOT, "%s: %s %s %s for %s (since %s)",
                            s.rule.pointId(), num(v), above ? "above" : "below", num(t.limit()),
                            t.forAtLeast(), Instant.ofEpochMilli(s.since)));
                }
            } else {
                s.since = Long.MIN_VALUE;
            }
            return null;
        }
        if (above ? v < t.clearLimit() : v > t.clearLimit()) {
            if (s.since == Long.MIN_VALUE) {
                s.since = ts;
            }
            if (ts - s.since >= t.clearFor().toMillis()) {
                return s.clear(ts, v, String.format(Locale.ROOT, "%s back to %s (%s %s)", s.rule.pointId(), num(v),
                        above ? "below" : "above", num(t.clearLimit())));
            }
        } else {
            s.since = Long.MIN_VALUE;
        }
        return null;
    }

    private static RuleEvent rate(State s, RuleSpec.RateOfChange r, long ts, double v) {
        s.window.addLast(new long[] {ts, Double.doubleToLongBits(v)});
        long windowMs = r.window().toMillis();
        while (s.window.size() > 1 && ts - s.window.peekFirst()[0] > windowMs) {
            s.window.pollFirst();
        }
        long[] first = s.window.peekFirst();
        long span = ts - first[0];
        if (span < windowMs / 2) {
            return null; // too short a span to judge
        }
        double change = (v - Double.longBitsToDouble(first[1])) / (span / HOUR_MS);
        double signed = r.direction() == RuleSpec.Direction.ABOVE ? change : -change;
        if (!s.active && signed > r.perHour()) {
            return s.raise(ts, v, String.format(Locale.ROOT, "%s %s %s per hour over %s (limit %s)", s.rule.pointId(),
                    r.direction() == RuleSpec.Direction.ABOVE ? "rising" : "falling", num(Math.abs(change)),
                    r.window(), num(r.perHour())));
        }
        if (s.active && signed < 0.8 * r.perHour()) {
            return s.clear(ts, v, String.format(Locale.ROOT, "%s changing %s per hour", s.rule.pointId(), num(change)));
        }
        return null;
    }

    private static RuleEvent starts(State s, RuleSpec.StartsPerWindow w, long ts, double v) {
        boolean on = v > 0.5;
        if (on && s.lastValue <= 0.5 && s.lastTs != Long.MIN_VALUE) {
            s.window.addLast(new long[] {ts, 0});
        }
        while (!s.window.isEmpty() && ts - s.window.peekFirst()[0] > w.window().toMillis()) {
            s.window.pollFirst();
        }
        int count = s.window.size();
        if (!s.active && count > w.maxStarts()) {
            return s.raise(ts, count, String.format(Locale.ROOT, "%s: %d starts within %s (at most %d)",
                    s.rule.pointId(), count, w.window(), w.maxStarts()));
        }
        if (s.active && count < w.maxStarts()) {
            return s.clear(ts, count, String.format(Locale.ROOT, "%s: %d starts within %s", s.rule.pointId(), count,
                    w.window()));
        }
        return null;
    }

    private static RuleEvent counter(State s, RuleSpec.CounterAnomaly c, long ts, double v) {
        if (s.lastTs == Long.MIN_VALUE) {
            return null;
        }
        double step = v - s.lastValue;
        double perHour = step / ((ts - s.lastTs) / HOUR_MS);
        if (step < 0) {
            s.streak = 0;
            return s.active ? null : s.raise(ts, v, String.format(Locale.ROOT,
                    "%s register fell from %s to %s (meter reset, rollover or replacement)", s.rule.pointId(),
                    num(s.lastValue), num(v)));
        }
        if (c.maxPerHour() > 0 && perHour > c.maxPerHour()) {
            s.streak = 0;
            return s.active ? null : s.raise(ts, v, String.format(Locale.ROOT,
                    "%s register jumped %s (%s per hour, at most %s)", s.rule.pointId(), num(step), num(perHour),
                    num(c.maxPerHour())));
        }
        if (s.active && ++s.streak >= c.clearAfter()) {
            return s.clear(ts, v, String.format(Locale.ROOT, "%s counting normally again", s.rule.pointId()));
        }
        return null;
    }

    private static RuleEvent nightFlow(State s, RuleSpec.NightFlow n, long ts, double v) {
        ZonedDateTime local = Instant.ofEpochMilli(ts).atZone(n.zone());
        LocalDate nightOf = nightStarting(local.toLocalDateTime(), n);
        RuleEvent verdict = null;
        if (s.night != null && (nightOf == null || !nightOf.equals(s.night))) {
            // the tracked window is over: judge it
            if (s.nightMin > n.baseFlow()) {
                verdict = s.active ? null : s.raise(ts, s.nightMin, String.format(Locale.ROOT,
                        "%s: night flow never below %s between %s and %s on the night of %s (minimum %s)",
                        s.rule.pointId(), num(n.baseFlow()), n.from(), n.to(), s.night, num(s.nightMin)));
            } else if (s.active) {
                verdict = s.clear(ts, s.nightMin, String.format(Locale.ROOT, "%s: night flow down to %s on the night of %s",
                        s.rule.pointId(), num(s.nightMin), s.night));
            }
            s.night = null;
        }
        if (nightOf != null) {
            if (s.night == null) {
                s.night = nightOf;
                s.nightMin = v;
            } else {
                s.nightMin = Math.min(s.nightMin, v);
            }
        }
        return verdict;
    }

    /** The date the window containing {@code t} started on, or null outside the window. */
    static LocalDate nightStarting(LocalDateTime t, RuleSpec.NightFlow n) {
        boolean wraps = n.to().isBefore(n.from()) || n.to().equals(n.from());
        java.time.LocalTime time = t.toLocalTime();
        if (!wraps) {
            return !time.isBefore(n.from()) && time.isBefore(n.to()) ? t.toLocalDate() : null;
        }
        if (!time.isBefore(n.from())) {
            return t.toLocalDate();
        }
        return time.isBefore(n.to()) ? t.toLocalDate().minusDays(1) : null;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static final class State {
        final RuleSpec rule;
        boolean active;
        long lastTs = Long.MIN_VALUE;
        double lastValue;
        long since = Long.MIN_VALUE;
        int streak;
        final ArrayDeque<long[]> window = new ArrayDeque<>();
        LocalDate night;
        double nightMin;

        State(RuleSpec rule, boolean active) {
            this.rule = rule;
            this.active = active;
        }

        RuleEvent raise(long ts, double v, String message) {
            active = true;
            since = Long.MIN_VALUE;
            streak = 0;
            return new RuleEvent(RuleEvent.Type.RAISE, rule, ts, v, message);
        }

        RuleEvent clear(long ts, double v, String message) {
            active = false;
            since = Long.MIN_VALUE;
            return new RuleEvent(RuleEvent.Type.CLEAR, rule, ts, v, message);
        }
    }
}
