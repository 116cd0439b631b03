package org.facilitymonitor.energy.baseline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Avoided energy of an intervention by the CalTRACK daily method: the baseline model fitted on the
 * 365 days before the intervention, applied to each reporting day's temperature, plus the
 * non-routine adjustments of that day, minus the metered use. With its 90 % uncertainty (ASHRAE
 * Guideline 14 fractional savings uncertainty, CalTRACK's correction) and, after a full reporting
 * year, the normal-year savings: the baseline and a reporting-year model both applied to a typical
 * year's daily temperatures.
 */
public record SavingsAnalysis(BaselineSufficiency.Result sufficiency, CaltrackFitter.Fit fit, CandidateModel model,
                              BaselineStatistics statistics, List<Day> days, int reportingDays, double metered,
                              double modelled, double adjustments, double avoided, double uncertainty,
                              Double normalYearBaseline, Double normalYearSavings, String normalYearNote) {

    public static final int BASELINE_DAYS = 365;

    /** A non-routine adjustment: kWh per day added to the modelled use over {@code [from, to)}. */
    public record Adjustment(LocalDate from, LocalDate to, double kwhPerDay, String reason) {
        double on(LocalDate day) {
            return !day.isBefore(from) && day.isBefore(to) ? kwhPerDay : 0;
        }
    }

    /**
     * A reporting day (or bill, of {@code days} days from {@code day}); metered, modelled and avoided
     * are null when it does not count.
     */
    public record Day(LocalDate day, Double metered, Double modelled, double adjustment, Double avoided, double cumulative,
                      Double cumulativeLow, Double cumulativeHigh, int days) {
    }

    public boolean hasModel() {
        return model != null;
    }

    /**
     * Days or bills alike: a bill's metered, modelled and adjusted use are its days' sums, and its
     * uncertainty band follows CalTRACK's billing correction (months = bills), scaled from use per
     * day to bill totals by the baseline bills' mean length.
     *
     * @param baseline the 365 days (or the bills of the year) before {@code effectiveOn}
     * @param reporting the days (or complete bills) from {@code effectiveOn} on (may be empty); the
     *                  reporting days count only the periods that count
     * @param normalYearF a typical year's daily mean temperatures (°F), or null
     */
    public static SavingsAnalysis of(List<UsagePeriod> baseline, List<UsagePeriod> reporting, List<Adjustment> adjustments,
                                     double[] normalYearF, CaltrackFitter.Settings settings) {
        BaselineSufficiency.Result sufficiency = BaselineSufficiency.check(baseline);
        if (!sufficiency.passed()) {
            return new SavingsAnalysis(sufficiency, null, null, null, List.of(), 0, 0, 0, 0, 0, Double.NaN, null, null,
                    "no baseline model: " + sufficiency.reasons());
        }
        CaltrackFitter fitter = new CaltrackFitter(settings);
        CaltrackFitter.Fit fit = fitter.fit(baseline);
        CandidateModel model = fit.selected();
        if (model == null) {
            return new SavingsAnalysis(sufficiency, fit, null, null, List.of(), 0, 0, 0, 0, 0, Double.NaN, null, null,
                    "no candidate model qualified");
        }
        BaselineStatistics stats = BaselineStatistics.of(model, baseline);
        boolean billing = baseline.stream().anyMatch(p -> p.days() > 1);
        double scale = billing ? baseline.stream().mapToInt(UsagePeriod::days).average().orElse(1) : 1;
        List<Day> days = new ArrayList<>(reporting.size());
        double[] band = stats.savingsUncertaintyCurve(reporting.size(), billing);
        double sumMet = 0;
        double sumMod = 0;
        double sumAdj = 0;
        int counted = 0;
        int countedDays = 0;
        for (UsagePeriod p : reporting) {
            double adj = 0;
            for (int d = 0; d < p.days(); d++) {
                for (Adjustment a : adjustments) {
                    adj += a.on(p.start().plusDays(d));
                }
            }
            boolean counts = p.hasUse() && p.hasTemperature();
            Double met = null;
            Double mod = null;
            Double avoided = null;
            if (counts) {
                met = p.usePerDay() * p.days();
                mod = model.predictPerDay(p) * p.days();
                avoided = mod + adj - met;
                sumMet += met;
                sumMod += mod;
                sumAdj += adj;
                counted++;
                countedDays += p.days();
            }
            double cumulative = sumMod + sumAdj - sumMet;
            Double low = null;
            Double high = null;
            if (counted > 0 && !Double.isNaN(band[counted - 1])) {
                low = cumulative - band[counted - 1] * scale;
                high = cumulative + band[counted - 1] * scale;
            }
            days.add(new Day(p.start(), met, mod, adj, avoided, cumulative, low, high, p.days()));
        }
        double uncertainty = counted == 0 ? Double.NaN : band[counted - 1] * scale;

        Double normalBaseline = null;
        Double normalSavings = null;
        String note;
        if (normalYearF == null) {
            note = "no typical-year temperatures";
        } else {
            normalBaseline = 0.0;
            for (double t : normalYearF) {
                normalBaseline += model.predictPerDay(t);
            }
            int periods = 0;
            int yearDays = 0;
            while (periods < reporting.size() && yearDays < BASELINE_DAYS) {
                yearDays += reporting.get(periods++).days();
            }
            if (yearDays < BASELINE_DAYS) {
                note = "normal-year savings after a full reporting year (" + yearDays + " of 365 days so far)";
            } else {
                List<UsagePeriod> year = reporting.subList(0, periods);
                BaselineSufficiency.Result rs = BaselineSufficiency.check(year);
                CandidateModel rm = rs.passed() ? fitter.fit(year).selected() : null;
                if (rm == null) {
                    note = "no reporting-year model: " + (rs.passed() ? "no candidate model qualified" : rs.reasons());
                } else {
                    double sum = 0;
                    for (double t : normalYearF) {
                        sum += model.predictPerDay(t) - rm.predictPerDay(t);
                    }
                    normalSavings = sum;
                    note = "reporting-year model " + rm.name();
                }
            }
        }
        return new SavingsAnalysis(sufficiency, fit, model, stats, days, countedDays, sumMet, sumMod, sumAdj,
                sumMod + sumAdj - sumMet, uncertainty, normalBaseline, normalSavings, note);
    }
}
