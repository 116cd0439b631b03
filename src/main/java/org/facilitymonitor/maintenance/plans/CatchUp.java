package org.facilitymonitor.maintenance.plans;

/**
 * How many already-due occurrences one generation may create after the scheduler did not run (an
 * outage, or a plan whose start lies in the past): the latest {@code maxDueOccurrences} are
 * generated, older ones are skipped for good. Occurrences not yet due (inside the lead time) are
 * always generated.
 */
public record CatchUp(int maxDueOccurrences) {

    public CatchUp {
        if (maxDueOccurrences < 1) {
            throw new IllegalArgumentException("catch-up must allow at least the latest occurrence");
        }
    }

    /** Only the most recent missed occurrence: a late inspection replaces the ones that were missed. */
    public static CatchUp latestOnly() {
        return new CatchUp(1);
    }

    /** Every missed occurrence, but at most the latest {@code max}. */
    public static CatchUp upTo(int max) {
        return new CatchUp(max);
    }
}
