package org.facilitymonitor.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * When an unacknowledged alarm is due for its next reminder: {@code interval} after it was raised
 * for the first, then {@code interval} after the previous reminder, {@code maxCount} at most. After
 * an outage the next reminder goes out once, not once per missed interval.
 */
public final class ReminderPolicy {

    private final Duration interval;
    private final int maxCount;
    private final Clock clock;

    public ReminderPolicy(Duration interval, int maxCount, Clock clock) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("reminder interval must be positive: " + interval);
        }
        this.interval = interval;
        this.maxCount = maxCount;
        this.clock = clock;
    }

    /**
     * The number (1, 2, …) of the reminder due now, or empty.
     *
     * @param raisedAt when the alarm was raised
     * @param lastReminderAt when the previous reminder was enqueued; null before the first
     * @param remindersSent reminders enqueued so far
     */
    public OptionalInt due(Instant raisedAt, Instant lastReminderAt, int remindersSent) {
        if (remindersSent >= maxCount) {
            return OptionalInt.empty();
        }
        Instant from = remindersSent == 0 || lastReminderAt == null ? raisedAt : lastReminderAt;
        return clock.instant().isBefore(from.plus(interval)) ? OptionalInt.empty() : OptionalInt.of(remindersSent + 1);
    }

    public Instant now() {
        return clock.instant();
    }
}
