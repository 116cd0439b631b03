package org.facilitymonitor.edge.agent;

import java.time.Clock;

/** Paces the backlog: {@code rate} tokens per second, bursts up to one second's worth. */
final class TokenBucket {

    private final double rate;
    private final Clock clock;
    private double tokens;
    private long last;

    TokenBucket(double rate, Clock clock) {
        this.rate = rate;
        this.clock = clock;
        this.last = clock.millis();
    }

    double available() {
        long now = clock.millis();
        tokens = Math.min(rate, tokens + (now - last) * rate / 1000.0);
        last = now;
        return tokens;
    }

    /** Takes {@code n} tokens; the balance may go negative (a batch larger than the balance still goes whole). */
    void take(double n) {
        available();
        tokens -= n;
    }

    long millisUntilPositive() {
        double missing = -available();
        return missing < 0 ? 0 : (long) Math.ceil((missing + 1e-9) * 1000 / rate);
    }
}
