package org.facilitymonitor.rules;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
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
 * keeps the outcome single).
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
    synchronized void check() {
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
                long age = last == null ? Long.MAX_VALUE : now - last.toEpochMilli();
                boolean isStale = age > stale.after().toMillis();
                if (isStale && active.add(r.id())) {
                    out.add(new RuleEvent(RuleEvent.Type.RAISE, r, now, age == Long.MAX_VALUE ? -1 : age / 1000.0,
                            r.pointId() + ": no reading for " + (last == null ? "ever" : (age / 1000) + " s (since " + last + ")")
                                    + ", more than " + stale.after()));
                } else if (!isStale && active.remove(r.id())) {
                    out.add(new RuleEvent(RuleEvent.Type.CLEAR, r, now, age / 1000.0,
                            r.pointId() + ": readings again (last " + last + ")"));
                }
            }
            if (!out.isEmpty()) {
                runtime.submit(out);
            }
        } catch (RuntimeException e) {
            Log.warnf("rules: stale check failed: %s", e.getMessage());
        }
    }
}
