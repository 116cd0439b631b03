package org.facilitymonitor.energy.baseline;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * How well a baseline model reproduces its own baseline period, on period totals (a day's use, a
 * bill's use). Two families of figures, named apart because their definitions differ:
 * <ul>
 * <li>ASHRAE Guideline 14: {@code cvRmse = √(Σ(y − ŷ)² / (n − p)) / ȳ} and
 *     {@code nmbe = Σ(y − ŷ) / ((n − p) · ȳ)} with {@code p} the model's coefficients including
 *     the intercept. Acceptance: CV(RMSE) ≤ 15 % and |NMBE| ≤ 5 % on monthly data, ≤ 30 % and
 *     ≤ 10 % on hourly data.</li>
 * <li>The reference implementation's (OpenEEmeter): {@code cvRmseOverN = √(Σr²/n)/ȳ},
 *     {@code cvRmseAdjusted = √(Σr²/(n − s))/ȳ} with {@code s} the slopes only, and
 *     {@code nmbePredictedMinusObserved = Σ(ŷ − y)/Σy}.</li>
 * </ul>
 * R² here is the squared correlation of metered and modelled totals (unweighted); the fit's own R²
 * is in {@link CandidateModel}. {@code autocorrelation} is the lag-1 correlation of the residuals,
 * {@code nPrime = n(1 − ρ)/(1 + ρ)} the effective number of independent periods.
 */
public record BaselineStatistics(int n, int slopes, double observedMean, double observedVariance, double rSquared,
                                 double adjustedRSquared, double rmse, double rmseAdjusted, double cvRmse, double nmbe,
                                 double cvRmseOverN, double cvRmseAdjusted, double nmbePredictedMinusObserved,
                                 double autocorrelation, double nPrime) {

    /** The statistics of {@code model} on its baseline periods (use per day against the prediction per day). */
    public static BaselineStatistics of(CandidateModel model, java.util.List<UsagePeriod> baseline) {
        return of(baseline.stream().mapToDouble(UsagePeriod::usePerDay).toArray(),
                baseline.stream().mapToDouble(p -> p.hasTemperature() ? model.predictPerDay(p) : Double.NaN).toArray(),
                model.slopes());
    }

    public static BaselineStatistics of(double[] observed, double[] predicted, int slopes) {
        int n = 0;
        double so = 0;
        double sp = 0;
        for (int i = 0; i < observed.length; i++) {
            if (!Double.isNaN(observed[i]) && !Double.isNaN(predicted[i])) {
                n++;
                so += observed[i];
                sp += predicted[i];
            }
        }
        double[] o = new double[n];
        double[] p = new double[n];
        for (int i = 0, j = 0; i < observed.length; i++) {
            if (!Double.isNaN(observed[i]) && !Double.isNaN(predicted[i])) {
                o[j] = observed[i];
                p[j++] = predicted[i];
            }
        }
        double mo = so / n;
        double mp = sp / n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        double ss = 0;
        double sr = 0;
        for (int i = 0; i < n; i++) {
            double a = o[i] - mo;
            double b = p[i] - mp;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
            double r = p[i] - o[i];
            ss += r * r;
            sr += r;
        }
        double r2 = syy == 0 || sxx == 0 ? 0 : sxy * sxy / (sxx * syy);
        double adj = 1 - (1 - r2) * (n - 1) / (double) (n - slopes - 1);
        int coefficients = slopes + 1;
        double rmse = Math.sqrt(ss / n);
        double rmseAdj = Math.sqrt(ss / (n - slopes));
        double cvG14 = Math.sqrt(ss / (n - coefficients)) / mo;
        double nmbeG14 = -sr / ((n - coefficients) * mo);
        double rho = lag1Correlation(o, p);
        double nPrime = n * (1 - rho) / (1 + rho);
        return new BaselineStatistics(n, slopes, mo, sxx / n, r2, adj, rmse, rmseAdj, cvG14, nmbeG14, rmse / mo,
                rmseAdj / mo, sr / so, rho, nPrime);
    }

    /** Pearson correlation of the residuals (ŷ − y) with themselves shifted by one period. */
    private static double lag1Correlation(double[] o, double[] p) {
        int m = o.length - 1;
        if (m < 2) {
            return Double.NaN;
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < m; i++) {
            ma += p[i + 1] - o[i + 1];
            mb += p[i] - o[i];
        }
        ma /= m;
        mb /= m;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < m; i++) {
            double a = p[i + 1] - o[i + 1] - ma;
            double b = p[i] - o[i] - mb;
            sab += a * b;
            saa += a * a;
            sbb += b * b;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** ASHRAE Guideline 14's acceptance of a baseline on daily or monthly data (CV(RMSE) ≤ 15 %… see the class). */
    public boolean meetsGuideline14(boolean monthly) {
        return monthly ? cvRmse <= 0.15 && Math.abs(nmbe) <= 0.05 : cvRmse <= 0.30 && Math.abs(nmbe) <= 0.10;
    }

    /**
     * The 90 % confidence half-width of the savings over {@code reportingPeriods} periods, in energy
     * units: ASHRAE Guideline 14's fractional savings uncertainty with the empirical correction of
     * CalTRACK (polynomial in the reporting months), as the reference implementation computes its
     * "FSU error band". NaN when the residuals leave it undefined.
     *
     * @param billing monthly bills (the reporting length in bills is the months) rather than days
     */
    public double savingsUncertainty(int reportingPeriods, boolean billing) {
        double[] curve = savingsUncertaintyCurve(reportingPeriods, billing);
        return curve.length == 0 ? Double.NaN : curve[reportingPeriods - 1];
    }

    /** {@link #savingsUncertainty} after 1, 2, … {@code periods} reporting periods (NaN throughout when undefined). */
    public double[] savingsUncertaintyCurve(int periods, boolean billing) {
        double[] out = new double[Math.max(0, periods)];
        java.util.Arrays.fill(out, Double.NaN);
        if (periods <= 0 || n == 0 || observedMean == 0 || Double.isNaN(autocorrelation)
                || Math.abs(autocorrelation) >= 1 || n - slopes <= 0) {
            return out;
        }
        double a = billing ? -0.00022 : -0.00024;
        double b = billing ? 0.03306 : 0.03535;
        double c = billing ? 0.94054 : 1.00286;
        double t = new TDistribution(null, n - slopes).inverseCumulativeProbability(0.95);
        double totalBaseline = observedMean * n;
        for (int k = 1; k <= periods; k++) {
            double months = billing ? k : k / 30.0;
            out[k - 1] = totalBaseline * t * (a * months * months + b * months + c) * (rmseAdjusted / observedMean)
                    * Math.sqrt((n / nPrime) * (1 + 2 / nPrime) / k);
        }
        return out;
    }
}
