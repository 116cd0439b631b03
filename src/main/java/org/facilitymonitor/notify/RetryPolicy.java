package org.facilitymonitor.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a failed delivery is tried again: exponential backoff, capped, until {@code maxAttempts}. */
record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    static RetryPolicy of(NotifyConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.retryInitialDelay(), config.retryMaxDelay());
    }

    /** After {@code attempts} failed attempts: the time of the next one, or empty when the delivery is dead. */
    Optional<Instant> nextAttempt(int attempts, Instant now) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delay(attempts)));
    }

    /** initialDelay × 2^(attempts − 1), at most maxDelay. */
    Duration delay(int attempts) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
