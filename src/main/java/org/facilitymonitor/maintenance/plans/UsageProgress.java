package org.facilitymonitor.maintenance.plans;

/**
 * What a usage plan remembers between evaluations; the caller stores it with the plan.
 *
 * @param base                  the counter value usage is measured from: the counter at the plan start or at the
 *                              last service, lowered by the usage carried over each meter reset (so it can be negative)
 * @param lastSeen              the highest counter value seen since the last reset
 * @param intervalsBeforeBase   intervals numbered before the base was set, so keys keep counting after a service
 * @param lastGeneratedInterval the number of the latest interval a work order was generated for (0: none)
 */
public record UsageProgress(double base, double lastSeen, int intervalsBeforeBase, int lastGeneratedInterval) {

    /** A plan starting with the counter at {@code counter}. */
    public static UsageProgress startingAt(double counter) {
        return new UsageProgress(counter, counter, 0, 0);
    }

    /**
     * A service at counter value {@code counter} restarts the count of usage from there (usage plans float
     * from the last service); interval numbers continue, so the next key is new. Not calling this keeps
     * the intervals anchored on the plan start.
     */
    public UsageProgress serviced(double counter) {
        return new UsageProgress(counter, counter, lastGeneratedInterval, lastGeneratedInterval);
    }

    /** Usage since the base, as of the last reading. */
    public double used() {
        return lastSeen - base;
    }
}
