package org.facilitymonitor.edge.agent;

import java.time.Duration;

/**
 * Delivery receipts (contract v1, {@code fm/v1/{site}/{edge}/receipt}).
 *
 * @param enabled    true: a batch leaves the disk queue on a receipt naming it, the PUBACK only frees
 *                   its inflight slot; false: it leaves on its PUBACK (a service without receipts)
 * @param timeout    a batch without receipt this long after its PUBACK is sent again
 * @param timeoutMax the wait doubles per resend up to this
 */
public record Receipts(boolean enabled, Duration timeout, Duration timeoutMax) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT_MAX = Duration.ofMinutes(5);
    /** Delete on PUBACK, as before receipts existed. */
    public static final Receipts OFF = new Receipts(false, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT_MAX);

    public Receipts {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("queue.receipt-timeout: must be positive");
        }
        if (timeoutMax == null || timeoutMax.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("queue.receipt-timeout-max: must be at least queue.receipt-timeout ("
                    + timeout + "), was " + timeoutMax);
        }
    }

    public static Receipts on(Duration timeout, Duration timeoutMax) {
        return new Receipts(true, timeout, timeoutMax);
    }
}
