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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.alarms.FailureClassifier.Kind;
import org.facilitymonitor.alarms.FailureClassifier.Verdict;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleEventSink;

/**
 * Writes the rule engine's conclusions to PostgreSQL on its own thread, in order, so ingest never
 * waits for PostgreSQL. A failure is classified ({@link FailureClassifier}): while PostgreSQL is
 * unavailable the conclusion is retried with backoff; a conclusion that cannot be stored is set aside
 * with its reason and the queue moves on. At most {@code fm.alarms.max-queued} wait; beyond it the
 * oldest are dropped and counted, and the recovery sweep applies them from the journal.
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
    private final Map<String, Counter> setAside = new HashMap<>();

    /** What one attempt at a conclusion came to. */
    sealed interface Attempt {
        record Done(AlarmService.Outcome outcome) implements Attempt {
        }

        record SetAside(String reason) implements Attempt {
        }

        record Retry(Verdict verdict) implements Attempt {
        }
    }

    void start(@Observes StartupEvent event) {
        dropped = Counter.builder("fm.alarms.conclusions.dropped")
                .description("Rule conclusions dropped from the queue because too many waited for PostgreSQL (the sweep"
                        + " applies them from the journal)").register(registry);
        written = Counter.builder("fm.alarms.conclusions.written")
                .description("Rule conclusions of the queue recorded in PostgreSQL (or found recorded)").register(registry);
        retries = Counter.builder("fm.alarms.write.retries").description("Failed attempts to write a conclusion")
                .register(registry);
        for (String reason : FailureClassifier.REASONS) {
            setAside.put(reason, Counter.builder("fm.alarms.conclusions.set.aside").tag("reason", reason)
                    .description("Rule conclusions set aside for a permanent reason instead of being retried")
                    .register(registry));
        }
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

    /**
     * One attempt (the {@code attempt}-th, from 1) at recording a conclusion: done, set aside (a permanent
     * failure, or an unknown one for the {@code fm.alarms.set-aside-after-attempts}-th time), or to be retried.
     */
    Attempt attempt(Conclusion c, boolean sweep, int attempt) {
        try {
            AlarmService.Outcome outcome = alarms.record(c, sweep);
            if (outcome == AlarmService.Outcome.RULE_DELETED) {
                countSetAside(FailureClassifier.RULE_DELETED);
                Log.warnf("alarms: %s of rule %d at %d set aside: the rule was deleted", c.type(), c.ruleId(), c.ts());
                return new Attempt.SetAside(FailureClassifier.RULE_DELETED);
            }
            return new Attempt.Done(outcome);
        } catch (RuntimeException failure) {
            Verdict v = FailureClassifier.classify(failure);
            retries.increment();
            if (v.kind() == Kind.TRANSIENT || (v.kind() == Kind.UNKNOWN && attempt < config.setAsideAfterAttempts())) {
                return new Attempt.Retry(v);
            }
            try {
                if (alarms.setAside(c, v.reason(), v.detail(), v.sqlState(), attempt)) {
                    countSetAside(v.reason());
                    Log.errorf("alarms: %s of rule %d at %d set aside after %d attempt(s) (%s%s): %s", c.type(), c.ruleId(),
                            c.ts(), attempt, v.reason(), v.sqlState() == null ? "" : ", SQLState " + v.sqlState(), v.detail());
                    return new Attempt.SetAside(v.reason());
                }
                return new Attempt.Done(AlarmService.Outcome.ALREADY_RECORDED);
            } catch (RuntimeException again) {
                // PostgreSQL failed again while keeping it aside: try the whole conclusion again later
                return new Attempt.Retry(FailureClassifier.classify(again));
            }
        }
    }

    private void countSetAside(String reason) {
        setAside.computeIfAbsent(reason, r -> Counter.builder("fm.alarms.conclusions.set.aside").tag("reason", r)
                .register(registry)).increment();
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
            Conclusion c = Conclusion.of(e);
            for (int attempt = 1; running; attempt++) {
                Attempt result = attempt(c, false, attempt);
                if (!(result instanceof Attempt.Retry retry)) {
                    if (result instanceof Attempt.Done) {
                        written.increment();
                    }
                    delay = 200;
                    break;
                }
                // PostgreSQL down, or another instance inserted the same alarm first (unique index):
                // the next attempt sees the database as it is then.
                Log.warnf("alarms: writing %s of rule %d failed (%s%s); retrying in %d ms", c.type(), c.ruleId(),
                        retry.verdict().kind() == Kind.TRANSIENT ? "transient" : "unknown, attempt " + attempt,
                        ": " + retry.verdict().detail(), delay);
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
