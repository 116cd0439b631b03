package org.facilitymonitor.edge;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests for a condition instead of a fixed time: polls every 50 ms until the condition
 * holds (and returns at once then) or the timeout passes (an {@link AssertionError} naming what was
 * awaited). The timeout is a bound for a broken run, not a measurement.
 */
public final class Await {

    private static final long POLL_MS = 50;

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        until(what, timeout, done::getAsBoolean, Boolean::booleanValue);
    }

    /** Polls {@code get} until {@code ok} accepts its value; returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> get, Predicate<? super T> ok)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = get.get();
            if (ok.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + value);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
