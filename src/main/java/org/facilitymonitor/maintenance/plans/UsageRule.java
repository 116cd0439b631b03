package org.facilitymonitor.maintenance.plans;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plan due every {@code every} units of a telemetry counter: run-hours, starts, kWh. Interval k
 * (k ≥ 1) ends when usage since the base reaches k·every; its work order is generated {@code lead}
 * units earlier and keyed "usage-k", so (plan, key) is unique across restarts and instances.
 *
 * <p><b>Meter reset:</b> a reading more than {@code decreaseTolerance} below the last seen value means
 * the meter restarted from zero: the usage counted so far is kept and the whole new reading is added
 * to it. Usage between the last seen reading and the reset is unknown and not estimated, so the plan
 * can fall due slightly late, never early. A decrease within the tolerance is jitter and ignored.
 *
 * @param every             the usage between two services, in counter units
 * @param lead              generate this many units before an interval ends (e.g. 10 % of {@code every})
 * @param decreaseTolerance the largest decrease taken for jitter rather than a meter reset
 * @param jumps             what to do when a reading crosses several interval ends at once
 */
public record UsageRule(double every, double lead, double decreaseTolerance, Jumps jumps) {

    /** Slack against floating-point error when usage lands exactly on an interval end. */
    private static final double EPSILON = 1e-9;

    public enum Jumps {
        /** One work order for every interval crossed. */
        ORDER_PER_INTERVAL,
        /** One work order for the latest interval crossed; the others are reported as skipped. */
        ONE_ORDER_CATCHING_UP
    }

    public UsageRule {
        if (!(every > 0)) {
            throw new IllegalArgumentException("usage interval must be positive, was " + every);
        }
        if (lead < 0 || lead >= every) {
            throw new IllegalArgumentException("lead must be in [0, every), was " + lead);
        }
        if (decreaseTolerance < 0) {
            throw new IllegalArgumentException("decrease tolerance must not be negative, was " + decreaseTolerance);
        }
        Objects.requireNonNull(jumps, "jumps");
    }

    /** A rule generating at {@code fraction} of each interval, e.g. 0.9 for "at 90 %". */
    public static UsageRule generatingAt(double every, double fraction, double decreaseTolerance, Jumps jumps) {
        return new UsageRule(every, every * (1 - fraction), decreaseTolerance, jumps);
    }

    public static String key(int interval) {
        return "usage-" + interval;
    }

    /** Takes a new counter reading and says which occurrences are due; store {@link Evaluation#next()}. */
    public Evaluation evaluate(UsageProgress progress, double counter) {
        boolean meterReset = counter < progress.lastSeen() - decreaseTolerance;
        double base = meterReset ? progress.base() - progress.lastSeen() : progress.base();
        double lastSeen = meterReset ? counter : Math.max(progress.lastSeen(), counter);
        int reached = progress.intervalsBeforeBase() + (int) Math.floor((lastSeen - base + lead) / every + EPSILON);

        List<String> toGenerate = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int interval = progress.lastGeneratedInterval() + 1; interval <= reached; interval++) {
            boolean generate = jumps == Jumps.ORDER_PER_INTERVAL || interval == reached;
            (generate ? toGenerate : skipped).add(key(interval));
        }
        UsageProgress next = new UsageProgress(base, lastSeen, progress.intervalsBeforeBase(),
                Math.max(progress.lastGeneratedInterval(), reached));
        return new Evaluation(next, List.copyOf(toGenerate), List.copyOf(skipped), meterReset);
    }

    /**
     * @param next       the progress to store with the plan
     * @param toGenerate keys of the occurrences to create work orders for, ascending
     * @param skipped    keys left out under {@link Jumps#ONE_ORDER_CATCHING_UP}
     * @param meterReset whether this reading was taken for a meter reset
     */
    public record Evaluation(UsageProgress next, List<String> toGenerate, List<String> skipped, boolean meterReset) {

        public boolean due() {
            return !toGenerate.isEmpty();
        }
    }
}
