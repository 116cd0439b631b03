package org.facilitymonitor.rules;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.telemetry.TelemetryQueries;

/**
 * Stale rules, on a schedule: the last stored reading of each watched point is read from InfluxDB,
 * so every instance judges by all data, not only the share it consumes (the alarm's unique index
 * keeps the outcome single). "No reading" is counted from the later of the last reading and the
 * rule's start, so a rule created a second ago is not stale.
 */
@ApplicationScoped
public class StaleCheck {

    private final Set<Long> active = new HashSet<>();
    private boolean initialized;

    @Inject
    RuleService rules;
    @Inject
    RegistryService registry;
    @Inject
    TelemetryQueries telemetry;
    @Inject
    RuleRuntime runtime;
    @Inject
    RuleEventSink sink;
    @Inject
    Clock clock;

    @Scheduled(every = "${fm.rules.stale-check-interval:30s}", delayed = "10s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        check();
    }

    /** Judges every enabled stale rule; returns how many were judged (-1 when the check failed). */
    synchronized int check() {
        int judged = 0;
        try {
            if (!initialized) {
                active.addAll(sink.activeRuleIds());
                initialized = true;
            }
            long now = clock.millis();
            List<RuleEvent> out = new ArrayList<>();
            for (RuleSpec r : rules.enabledRules().rules()) {
                if (!(r.condition() instanceof RuleSpec.Stale stale)) {
                    continue;
                }
                var point = registry.point(r.pointId());
                if (point.isEmpty()) {
                    continue;
                }
                Instant last = telemetry.latest(point.get()).ts();
                judged++;
                RuleEvent e = judge(r, stale.after(), last, now, active.contains(r.id()));
                if (e != null) {
                    if (e.type() == RuleEvent.Type.RAISE) {
                        active.add(r.id());
                    } else {
                        active.remove(r.id());
                    }
                    out.add(e);
                }
            }
            if (!out.isEmpty()) {
                runtime.submit(out);
            }
            return judged;
        } catch (RuntimeException e) {
            Log.warnf("rules: stale check failed: %s", e.getMessage());
            return -1;
        }
    }

    /** Whether this instance raised the rule and has not cleared it (tests). */
    synchronized boolean raisedSoFar(long ruleId) {
        return active.contains(ruleId);
    }

    /**
     * Raise when nothing arrived for longer than {@code after} since the later of the last reading and the
     * rule's start; clear only on a reading newer than that (an edit of an alarmed rule clears nothing).
     */
    static RuleEvent judge(RuleSpec r, Duration after, Instant last, long now, boolean active) {
        long lastMs = last == null ? Long.MIN_VALUE : last.toEpochMilli();
        long startMs = r.startedAt() == null ? Long.MIN_VALUE : r.startedAt().toEpochMilli();
        long since = Math.max(lastMs, startMs);
        long age = since == Long.MIN_VALUE ? Long.MAX_VALUE : now - since;
        if (!active && age > after.toMillis()) {
            String what = lastMs >= startMs
                    ? (age / 1000) + " s (since " + last + ")"
                    : (age / 1000) + " s since the rule started (" + r.startedAt() + ")"
                            + (last == null ? ", none ever" : ", the last at " + last);
            return new RuleEvent(RuleEvent.Type.RAISE, r, now, age == Long.MAX_VALUE ? -1 : age / 1000.0,
                    r.pointId() + ": no reading for " + (age == Long.MAX_VALUE ? "ever" : what) + ", more than " + after);
        }
        if (active && last != null && now - lastMs <= after.toMillis()) {
            return new RuleEvent(RuleEvent.Type.CLEAR, r, now, (now - lastMs) / 1000.0,
                    r.pointId() + ": readings again (last " + last + ")");
        }
        return null;
    }
}
