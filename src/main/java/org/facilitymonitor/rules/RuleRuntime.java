package org.facilitymonitor.rules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.facilitymonitor.ingest.DecodedBatch;
import org.facilitymonitor.ingest.StoredReadingsObserver;

/**
 * Runs the {@link RuleEngine} on every stored live batch (historical batches never raise live
 * alarms), journals its conclusions in InfluxDB before the batch is acknowledged and hands them to
 * the alarms. Rules are reloaded within seconds of a change on any instance (polling
 * {@code rule_set_version}); if PostgreSQL is down the loaded rules go on.
 */
@ApplicationScoped
public class RuleRuntime implements StoredReadingsObserver {

    private final RuleEngine engine = new RuleEngine();
    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile long loadedVersion = -1;

    @Inject
    RuleService rules;
    @Inject
    RuleEventSink sink;
    @Inject
    ConclusionJournal journal;

    RuleRuntime() {
    }

    @Inject
    RuleRuntime(MeterRegistry registry) {
        Gauge.builder("fm.rules.readings.evaluated", evaluated, AtomicLong::get)
                .description("Live readings of watched points evaluated by rules").register(registry);
        Gauge.builder("fm.rules.events", events, AtomicLong::get)
                .description("Raise and clear conclusions of the rules").register(registry);
        Gauge.builder("fm.rules.loaded.version", this, r -> r.loadedVersion)
                .description("The rule_set_version this instance evaluates (-1 before the first load)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        reload();
    }

    @Scheduled(every = "${fm.rules.poll-interval:2s}", concurrentExecution = ConcurrentExecution.SKIP)
    void reload() {
        try {
            long version = rules.version();
            if (version == loadedVersion) {
                return;
            }
            RuleService.Loaded loaded = rules.enabledRules();
            var active = sink.activeRuleIds();
            synchronized (engine) {
                engine.load(loaded.rules(), active);
            }
            loadedVersion = loaded.version();
            Log.infof("rules: %d enabled rule(s) loaded (version %d)", loaded.rules().size(), loaded.version());
        } catch (RuntimeException e) {
            Log.warnf("rules: could not reload (keeping version %d): %s", loadedVersion, e.getMessage());
        }
    }

    @Override
    public void stored(DecodedBatch batch) {
        if (batch.historical()) {
            return;
        }
        List<RuleEvent> out = null;
        synchronized (engine) {
            String[] points = batch.points();
            for (int i = 0; i < points.length; i++) {
                if (!engine.watches(points[i])) {
                    continue;
                }
                evaluated.incrementAndGet();
                List<RuleEvent> e = engine.apply(points[i], batch.timestamps()[i], batch.values()[i]);
                if (!e.isEmpty()) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.addAll(e);
                }
            }
        }
        if (out != null) {
            events.addAndGet(out.size());
            journal.write(out); // durable before the acknowledgement; the alarms follow from memory
            sink.submit(out);
        }
    }

    /**
     * For stale checks and tests: a conclusion reached outside the stream, not journalled (a stale check
     * judges again after a restart).
     */
    public void submit(List<RuleEvent> conclusions) {
        events.addAndGet(conclusions.size());
        sink.submit(conclusions);
    }
}
