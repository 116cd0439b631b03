package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One day's balance of a main meter against its direct sub-meters. Out of balance when the
 * sub-meters add up to more than the main beyond the tolerance ({@code Σ subs > main × (1 + tolerance)}),
 * or when the untracked share {@code (main − Σ subs) / main} is above its limit. A day on which the
 * main or a sub-meter has no figure is not judged.
 */
public final class BalanceCheck {

    private BalanceCheck() {
    }

    public record Limits(double tolerance, double untrackedLimit) {
    }

    public record Verdict(String mainPointId, LocalDate day, double main, double subs, double untrackedShare,
                          boolean subsExceedMain, boolean untrackedTooHigh, Limits limits, String unit) {

        public boolean outOfBalance() {
            return subsExceedMain || untrackedTooHigh;
        }

        public String message() {
            String head = String.format(Locale.ROOT, "%s %s: main %s %s, sub-meters %s %s, untracked %s%%", day,
                    mainPointId, num(main), unit, num(subs), unit, num(untrackedShare * 100));
            if (subsExceedMain) {
                return head + String.format(Locale.ROOT, "; the sub-meters exceed the main by more than the tolerance of %s%%",
                        num(limits.tolerance() * 100));
            }
            if (untrackedTooHigh) {
                return head + String.format(Locale.ROOT, "; above the untracked limit of %s%%", num(limits.untrackedLimit() * 100));
            }
            return head + String.format(Locale.ROOT, "; balanced (tolerance %s%%, untracked limit %s%%)",
                    num(limits.tolerance() * 100), num(limits.untrackedLimit() * 100));
        }
    }

    /** {@code values}: the day's consumption per meter point. Empty when a figure is missing. */
    public static Optional<Verdict> check(String main, List<String> subMeters, LocalDate day, Map<String, Double> values,
                                          Limits limits, String unit) {
        Double m = values.get(main);
        if (m == null || m.isNaN()) {
            return Optional.empty();
        }
        double subs = 0;
        for (String s : subMeters) {
            Double v = values.get(s);
            if (v == null || v.isNaN()) {
                return Optional.empty();
            }
            subs += v;
        }
        double untracked = m > 0 ? (m - subs) / m : 0;
        boolean exceed = subs > m * (1 + limits.tolerance());
        boolean tooHigh = !exceed && untracked > limits.untrackedLimit();
        return Optional.of(new Verdict(main, day, m, subs, untracked, exceed, tooHigh, limits, unit));
    }

    static String num(double v) {
        double r = Math.round(v * 1000) / 1000.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
