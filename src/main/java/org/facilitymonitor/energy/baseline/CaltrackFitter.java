package org.facilitymonitor.energy.baseline;

import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.energy.baseline.CandidateModel.Status;
import org.facilitymonitor.energy.baseline.CandidateModel.Type;

/**
 * The CalTRACK 2.0 usage-per-day fit (daily and billing methods), as the reference implementation
 * OpenEEmeter 2.10 does it: every candidate of the balance-point grid, qualified by data
 * sufficiency and coefficient signs, the one with the highest adjusted R² selected.
 *
 * <ul>
 * <li>Candidates, in this order (the earlier wins a tie): intercept only; HDD only for each heating
 *     balance point of the grid; CDD only for each cooling balance point; HDD+CDD for each pair with
 *     the heating point at or below the cooling point (cooling point in the outer loop).</li>
 * <li>A degree-day term is fitted only with at least {@code minNonZeroDays} periods whose degree days
 *     are above zero and at least {@code minTotalDegreeDays} degree days in all (Σ degree days per day
 *     × weight); otherwise the candidate is {@code NOT_ATTEMPTED}.</li>
 * <li>A candidate with a negative coefficient, the intercept included, is {@code DISQUALIFIED}.</li>
 * <li>Weighted least squares (weights 1 for days, the bill's days for bills); adjusted R² on the
 *     weighted centred sum of squares with n − k residual degrees of freedom; the intercept-only
 *     candidate's adjusted R² is 0 by definition.</li>
 * </ul>
 * Pure and thread-safe: a fitter holds only its settings.
 */
public final class CaltrackFitter {

    public record Settings(int gridMinF, int gridMaxF, int minNonZeroDays, double minTotalDegreeDays, boolean fitCooling) {

        /** The daily method's defaults: balance points 30…90 °F, 10 non-zero days, 20 degree days. */
        public static Settings daily() {
            return new Settings(30, 90, 10, 20, true);
        }

        /** The billing method's defaults: no minimum of non-zero bills, 20 degree days. */
        public static Settings billing() {
            return new Settings(30, 90, 0, 20, true);
        }

        public Settings withoutCooling() {
            return new Settings(gridMinF, gridMaxF, minNonZeroDays, minTotalDegreeDays, false);
        }
    }

    /** The result: the selected model (null when none qualified), every candidate, and the periods used. */
    public record Fit(CandidateModel selected, List<CandidateModel> candidates, List<UsagePeriod> used) {

        public long count(Status status) {
            return candidates.stream().filter(c -> c.status() == status).count();
        }
    }

    private final Settings settings;

    public CaltrackFitter(Settings settings) {
        if (settings.gridMinF() > settings.gridMaxF()) {
            throw new IllegalArgumentException("balance-point grid from " + settings.gridMinF() + " to " + settings.gridMaxF());
        }
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Fits on the periods with both a use and a temperature; the others are left out. */
    public Fit fit(List<UsagePeriod> periods) {
        List<UsagePeriod> used = periods.stream().filter(p -> p.hasUse() && p.hasTemperature()).toList();
        int n = used.size();
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = used.get(i).usePerDay();
            w[i] = used.get(i).weight();
        }
        int lo = settings.gridMinF();
        int points = settings.gridMaxF() - lo + 1;
        double[][] hdd = new double[points][];
        double[][] cdd = new double[points][];
        String[] hddProblem = new String[points];
        String[] cddProblem = new String[points];
        for (int b = 0; b < points; b++) {
            hdd[b] = new double[n];
            cdd[b] = new double[n];
            for (int i = 0; i < n; i++) {
                hdd[b][i] = used.get(i).heatingDegreeDays(lo + b);
                cdd[b][i] = used.get(i).coolingDegreeDays(lo + b);
            }
            hddProblem[b] = insufficiency("HDD", lo + b, hdd[b], w);
            cddProblem[b] = insufficiency("CDD", lo + b, cdd[b], w);
        }

        List<CandidateModel> candidates = new ArrayList<>(2 + 2 * points + points * (points + 1) / 2);
        candidates.add(interceptOnly(y, w));
        for (int h = 0; h < points; h++) {
            candidates.add(hddProblem[h] != null ? notAttempted(Type.HDD_ONLY, lo + h, null, hddProblem[h])
                    : single(Type.HDD_ONLY, lo + h, y, w, hdd[h]));
        }
        if (settings.fitCooling()) {
            for (int c = 0; c < points; c++) {
                candidates.add(cddProblem[c] != null ? notAttempted(Type.CDD_ONLY, null, lo + c, cddProblem[c])
                        : single(Type.CDD_ONLY, lo + c, y, w, cdd[c]));
            }
            for (int c = 0; c < points; c++) {
                for (int h = 0; h <= c; h++) {
                    String problem = hddProblem[h] != null ? hddProblem[h] : cddProblem[c];
                    candidates.add(problem != null ? notAttempted(Type.HDD_CDD, lo + h, lo + c, problem)
                            : both(lo + h, lo + c, y, w, hdd[h], cdd[c]));
                }
            }
        }
        CandidateModel best = null;
        double bestAdj = Double.NEGATIVE_INFINITY;
        for (CandidateModel c : candidates) {
            if (c.qualified() && c.adjustedRSquared() > bestAdj) {
                best = c;
                bestAdj = c.adjustedRSquared();
            }
        }
        return new Fit(best == null ? null : withPValues(best, y, w, hdd, cdd, lo), candidates, used);
    }

    /** The selected candidate with the p-values of its slopes (the grid search skips them). */
    private static CandidateModel withPValues(CandidateModel m, double[] y, double[] w, double[][] hdd, double[][] cdd, int lo) {
        LeastSquares.Fit f = switch (m.type()) {
            case INTERCEPT_ONLY -> null;
            case HDD_ONLY -> LeastSquares.fit(true, y, w, hdd[m.heatingBalancePointF() - lo]);
            case CDD_ONLY -> LeastSquares.fit(true, y, w, cdd[m.coolingBalancePointF() - lo]);
            case HDD_CDD -> LeastSquares.fit(true, y, w, cdd[m.coolingBalancePointF() - lo], hdd[m.heatingBalancePointF() - lo]);
        };
        if (f == null) {
            return m;
        }
        Double hp = switch (m.type()) {
            case HDD_ONLY -> f.pValues()[1];
            case HDD_CDD -> f.pValues()[2];
            default -> null;
        };
        Double cp = m.type() == Type.CDD_ONLY || m.type() == Type.HDD_CDD ? f.pValues()[1] : null;
        return new CandidateModel(m.type(), m.heatingBalancePointF(), m.coolingBalancePointF(), m.intercept(),
                m.heatingSlope(), m.coolingSlope(), m.rSquared(), m.adjustedRSquared(), hp, cp, m.status(), m.reason());
    }

    private String insufficiency(String term, int base, double[] dd, double[] w) {
        int nonZero = 0;
        double total = 0;
        for (int i = 0; i < dd.length; i++) {
            if (dd[i] > 0) {
                nonZero++;
            }
            total += dd[i] * w[i];
        }
        if (nonZero < settings.minNonZeroDays()) {
            return String.format("%d periods with %s%d above zero, fewer than %d", nonZero, term, base, settings.minNonZeroDays());
        }
        if (total < settings.minTotalDegreeDays()) {
            return String.format("%.1f %s%d degree days in all, fewer than %s", total, term, base,
                    fmt(settings.minTotalDegreeDays()));
        }
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static CandidateModel interceptOnly(double[] y, double[] w) {
        if (y.length == 0) {
            return notAttempted(Type.INTERCEPT_ONLY, null, null, "no period with both a use and a temperature");
        }
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < y.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        double mean = swy / sw;
        return new CandidateModel(Type.INTERCEPT_ONLY, null, null, mean, 0, 0, 0, 0, null, null,
                mean < 0 ? Status.DISQUALIFIED : Status.QUALIFIED, mean < 0 ? "negative intercept" : null);
    }

    private static CandidateModel single(Type type, int base, double[] y, double[] w, double[] dd) {
        LeastSquares.Fit f = LeastSquares.fit(false, y, w, dd);
        Integer h = type == Type.HDD_ONLY ? base : null;
        Integer c = type == Type.CDD_ONLY ? base : null;
        if (f == null) {
            return notAttempted(type, h, c, "singular design (degree days constant over the periods)");
        }
        double intercept = f.coefficients()[0];
        double slope = f.coefficients()[1];
        String negative = negative(intercept, type == Type.HDD_ONLY ? slope : 0, type == Type.CDD_ONLY ? slope : 0);
        return new CandidateModel(type, h, c, intercept, h != null ? slope : 0, c != null ? slope : 0, f.rSquared(),
                f.adjustedRSquared(), null, null,
                negative == null ? Status.QUALIFIED : Status.DISQUALIFIED, negative);
    }

    private static CandidateModel both(int h, int c, double[] y, double[] w, double[] hdd, double[] cdd) {
        LeastSquares.Fit f = LeastSquares.fit(false, y, w, cdd, hdd);
        if (f == null) {
            return notAttempted(Type.HDD_CDD, h, c, "singular design (degree days constant or collinear)");
        }
        double intercept = f.coefficients()[0];
        double cSlope = f.coefficients()[1];
        double hSlope = f.coefficients()[2];
        String negative = negative(intercept, hSlope, cSlope);
        return new CandidateModel(Type.HDD_CDD, h, c, intercept, hSlope, cSlope, f.rSquared(), f.adjustedRSquared(),
                null, null, negative == null ? Status.QUALIFIED : Status.DISQUALIFIED, negative);
    }

    private static String negative(double intercept, double heatingSlope, double coolingSlope) {
        List<String> out = new ArrayList<>(3);
        if (intercept < 0) {
            out.add("negative intercept");
        }
        if (heatingSlope < 0) {
            out.add("negative HDD slope");
        }
        if (coolingSlope < 0) {
            out.add("negative CDD slope");
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }

    private static CandidateModel notAttempted(Type type, Integer h, Integer c, String reason) {
        return new CandidateModel(type, h, c, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null,
                Status.NOT_ATTEMPTED, reason);
    }
}
