package org.facilitymonitor.alarms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.rules.ConclusionJournal;

/**
 * Recovers conclusions the journal holds and PostgreSQL never recorded: lost in a crash after their
 * readings were acknowledged, or dropped from a full queue. At start and every
 * {@code fm.alarms.sweep-interval} it reads the journal of the last {@code sweep-lookback}, leaves the
 * entries younger than {@code sweep-grace} (by when they were journalled) to the queue that holds them,
 * and records the rest in timestamp order, skipping one a later applied conclusion of its rule superseded.
 * Every instance may run it: the recorded key decides, no lock.
 */
@ApplicationScoped
public class ConclusionSweep {

    @Inject
    ConclusionJournal journal;
    @Inject
    AlarmService alarms;
    @Inject
    AlarmRecorder recorder;
    @Inject
    AlarmConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;

    /** Attempts at entries failing for an unknown reason, across passes (set aside after a few). */
    private final Map<String, Integer> attempts = new HashMap<>();
    private Counter runs;
    private Counter failures;
    private Counter recovered;
    private Counter superseded;

    /** What one pass did. */
    public record Result(int read, int unrecorded, int recovered, int superseded, int setAside) {
    }

    @PostConstruct
    void init() {
        runs = Counter.builder("fm.alarms.sweep.runs").description("Passes of the conclusion recovery sweep completed")
                .register(registry);
        failures = Counter.builder("fm.alarms.sweep.failures")
                .description("Passes of the recovery sweep broken off (InfluxDB or PostgreSQL unavailable)").register(registry);
        recovered = Counter.builder("fm.alarms.sweep.recovered")
                .description("Journalled conclusions the recovery sweep recorded (lost from memory before)").register(registry);
        superseded = Counter.builder("fm.alarms.sweep.superseded")
                .description("Journalled conclusions skipped because a later one of the same rule was applied").register(registry);
    }

    @Scheduled(every = "${fm.alarms.sweep-interval:60s}", delayed = "5s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            failures.increment();
            Log.warnf("alarms: recovery sweep broken off, next pass in %s: %s", config.sweepInterval(),
                    FailureClassifier.describe(e));
        }
    }

    /** One pass as of {@code now}; throws when InfluxDB or PostgreSQL fails (the next pass starts over). */
    public synchronized Result sweep(Instant now) {
        Instant from = now.minus(config.sweepLookback());
        long cutoff = now.minus(config.sweepGrace()).toEpochMilli();
        List<ConclusionJournal.Entry> entries = journal.since(from);
        int unrecorded = 0;
        int recoveredNow = 0;
        int supersededNow = 0;
        int setAsideNow = 0;
        Set<String> recorded = entries.isEmpty() ? Set.of() : alarms.recordedKeys(from);
        for (ConclusionJournal.Entry e : entries) { // oldest first
            Conclusion c = Conclusion.of(e);
            if (e.writtenAt() > cutoff || recorded.contains(c.key())) {
                continue;
            }
            unrecorded++;
            int attempt = attempts.merge(c.key(), 1, Integer::sum);
            AlarmRecorder.Attempt result = recorder.attempt(c, true, attempt);
            if (result instanceof AlarmRecorder.Attempt.Retry retry) {
                if (retry.verdict().kind() == FailureClassifier.Kind.TRANSIENT) {
                    attempts.remove(c.key());
                    throw new IllegalStateException("recording " + c.key() + " failed: " + retry.verdict().detail());
                }
                continue; // unknown failure: again next pass, set aside after a few
            }
            attempts.remove(c.key());
            if (result instanceof AlarmRecorder.Attempt.SetAside) {
                setAsideNow++;
            } else if (result instanceof AlarmRecorder.Attempt.Done done) {
                if (done.outcome() == AlarmService.Outcome.APPLIED) {
                    recoveredNow++;
                    recovered.increment();
                    Log.infof("alarms: recovered %s of rule %d at %s from the journal (written by %s)", c.type(), c.ruleId(),
                            Instant.ofEpochMilli(c.ts()), e.instance());
                } else if (done.outcome() == AlarmService.Outcome.SUPERSEDED) {
                    supersededNow++;
                    superseded.increment();
                }
            }
        }
        alarms.forgetKeysBefore(now.minus(config.sweepLookback().multipliedBy(2)));
        runs.increment();
        return new Result(entries.size(), unrecorded, recoveredNow, supersededNow, setAsideNow);
    }
}
