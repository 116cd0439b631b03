package org.facilitymonitor.alarms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleEventSink;

/**
 * Writes the rule engine's conclusions to PostgreSQL on its own thread, in order, retrying each
 * one with backoff while the database fails, so ingest never waits for PostgreSQL and an outage
 * delays alarms instead of losing them (up to {@code fm.alarms.max-queued}; beyond it the oldest
 * conclusions are dropped and counted).
 */
@ApplicationScoped
public class AlarmRecorder implements RuleEventSink {

    private final LinkedBlockingDeque<RuleEvent> queue = new LinkedBlockingDeque<>();
    private volatile boolean running;
    private Thread thread;

    @Inject
    AlarmService alarms;
    @Inject
    AlarmConfig config;
    @Inject
    MeterRegistry registry;

    private Counter dropped;
    private Counter written;
    private Counter retries;

    void start(@Observes StartupEvent event) {
        dropped = Counter.builder("fm.alarms.conclusions.dropped")
                .description("Rule conclusions dropped because too many waited for PostgreSQL").register(registry);
        written = Counter.builder("fm.alarms.conclusions.written").description("Rule conclusions written").register(registry);
        retries = Counter.builder("fm.alarms.write.retries").description("Failed attempts to write a conclusion")
                .register(registry);
        Gauge.builder("fm.alarms.conclusions.pending", queue, LinkedBlockingDeque::size)
                .description("Rule conclusions waiting to be written").register(registry);
        running = true;
        thread = new Thread(this::writeLoop, "alarm-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void submit(List<RuleEvent> events) {
        for (RuleEvent e : events) {
            while (queue.size() >= config.maxQueued()) {
                if (queue.pollFirst() != null) {
                    dropped.increment();
                }
            }
            queue.addLast(e);
        }
    }

    @Override
    public Set<Long> activeRuleIds() {
        return alarms.activeRuleIds();
    }

    @Override
    public long alarmsRaised(long ruleId) {
        return alarms.countForRule(ruleId);
    }

    /** Conclusions not yet written (tests, metrics). */
    public int pending() {
        return queue.size();
    }

    private void writeLoop() {
        long delay = 200;
        while (running) {
            RuleEvent e;
            try {
                e = queue.pollFirst(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) {
                continue;
            }
            while (running) {
                try {
                    alarms.apply(e);
                    written.increment();
                    delay = 200;
                    break;
                } catch (RuntimeException failure) {
                    // PostgreSQL down, or another instance inserted the same alarm first (unique index):
                    // the next attempt sees the database as it is then.
                    retries.increment();
                    Log.warnf("alarms: writing %s of rule %d failed (%s); retrying in %d ms", e.type(), e.rule().id(),
                            rootMessage(failure), delay);
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    delay = Math.min(config.retryMaxDelay().toMillis(), delay * 2);
                }
            }
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
