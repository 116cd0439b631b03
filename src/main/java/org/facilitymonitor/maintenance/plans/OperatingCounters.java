package org.facilitymonitor.maintenance.plans;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Run time and starts integrated from on/off samples, the counters behind run-hours and starts plans.
 * A state holds from its sample to the next one (a gap in the data is not guessed at); a start is an
 * off→on change. The equipment is taken to be off before the first sample, so a history beginning
 * with "on" counts one start.
 *
 * @param lastSample the latest sample applied, null before the first
 */
public record OperatingCounters(Duration runTime, long starts, StateSample lastSample) {

    public static final OperatingCounters NONE = new OperatingCounters(Duration.ZERO, 0, null);

    /** Integrates a replayed history; samples are taken in time order (a stable sort keeps ties as given). */
    public static OperatingCounters replay(List<StateSample> history) {
        OperatingCounters counters = NONE;
        for (StateSample sample : history.stream().sorted(Comparator.comparing(StateSample::at)).toList()) {
            counters = counters.apply(sample);
        }
        return counters;
    }

    /** The counters after one more sample; samples must not go back in time. */
    public OperatingCounters apply(StateSample sample) {
        Objects.requireNonNull(sample, "sample");
        if (lastSample == null) {
            return new OperatingCounters(runTime, sample.on() ? starts + 1 : starts, sample);
        }
        if (sample.at().isBefore(lastSample.at())) {
            throw new IllegalArgumentException("sample at " + sample.at() + " is older than " + lastSample.at());
        }
        Duration ran = lastSample.on() ? Duration.between(lastSample.at(), sample.at()) : Duration.ZERO;
        long started = !lastSample.on() && sample.on() ? 1 : 0;
        return new OperatingCounters(runTime.plus(ran), starts + started, sample);
    }

    /** Run time up to {@code until}, counting the current run if the equipment is on. */
    public Duration runTimeAt(Instant until) {
        if (lastSample == null) {
            return runTime;
        }
        if (until.isBefore(lastSample.at())) {
            throw new IllegalArgumentException(until + " is before the last sample at " + lastSample.at());
        }
        return lastSample.on() ? runTime.plus(Duration.between(lastSample.at(), until)) : runTime;
    }

    /** {@link #runTimeAt} in hours, the unit of a run-hours counter. */
    public double runHoursAt(Instant until) {
        return runTimeAt(until).toMillis() / 3_600_000.0;
    }
}
