package org.facilitymonitor.edge.agent;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The agent's time: real time, or simulated time running {@code factor} times faster from a start
 * in the past. Simulated time never overtakes real time (the service refuses readings from the
 * future): once it catches up it runs at real speed, so "a week in ten minutes, then live" is one
 * setting.
 */
public final class AgentClock extends Clock {

    private final Clock real;
    private final long simStart;
    private final long realStart;
    private final double factor;

    private AgentClock(Clock real, long simStart, long realStart, double factor) {
        this.real = real;
        this.simStart = simStart;
        this.realStart = realStart;
        this.factor = factor;
    }

    public static AgentClock realTime(Clock real) {
        long now = real.millis();
        return new AgentClock(real, now, now, 1);
    }

    /** Simulated time starting at {@code simStart} (not after now), {@code factor} ≥ 1 times faster. */
    public static AgentClock accelerated(Clock real, long simStart, double factor) {
        long now = real.millis();
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("acceleration: must be a number >= 1, was " + factor);
        }
        if (simStart > now) {
            throw new IllegalArgumentException("start: " + Instant.ofEpochMilli(simStart)
                    + " is in the future; simulated time may not run ahead of real time");
        }
        return new AgentClock(real, simStart, now, factor);
    }

    public Clock real() {
        return real;
    }

    public double factor() {
        return factor;
    }

    @Override
    public long millis() {
        long r = real.millis();
        long sim = simStart + (long) ((r - realStart) * factor);
        return Math.min(sim, r);
    }

    /** Real milliseconds from now until this clock shows {@code simMillis} (≤ 0 if it already has). */
    public long realMillisUntil(long simMillis) {
        long r = real.millis();
        long realAt = Math.max(realStart + (long) Math.ceil((simMillis - simStart) / factor), simMillis);
        return realAt - r;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the agent clock is UTC");
    }
}
