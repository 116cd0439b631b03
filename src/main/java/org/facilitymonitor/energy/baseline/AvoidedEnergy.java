package org.facilitymonitor.energy.baseline;

import java.util.List;

/**
 * Avoided energy over a reporting period: per period, the baseline model's prediction from that
 * period's temperatures minus the metered use (positive: energy saved). A period without a
 * metered use or without a prediction (too few temperature hours) counts in neither sum.
 *
 * @param modelledPerPeriod modelled use per period (NaN where it does not count)
 * @param meteredPerPeriod metered use per period (NaN where it does not count)
 * @param cumulative avoided energy summed from the first period to each period
 */
public record AvoidedEnergy(int periods, double metered, double modelled, double avoided, double[] modelledPerPeriod,
                            double[] meteredPerPeriod, double[] cumulative) {

    public static AvoidedEnergy of(CandidateModel model, List<UsagePeriod> reporting) {
        int n = reporting.size();
        double[] mod = new double[n];
        double[] met = new double[n];
        double[] cum = new double[n];
        double sumMod = 0;
        double sumMet = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            UsagePeriod p = reporting.get(i);
            double modelled = p.hasTemperature() ? model.predictPerDay(p) * p.days() : Double.NaN;
            double metered = p.usePerDay() * p.days();
            if (Double.isNaN(modelled) || Double.isNaN(metered)) {
                mod[i] = Double.NaN;
                met[i] = Double.NaN;
            } else {
                mod[i] = modelled;
                met[i] = metered;
                sumMod += modelled;
                sumMet += metered;
                counted++;
            }
            cum[i] = sumMod - sumMet;
        }
        return new AvoidedEnergy(counted, sumMet, sumMod, sumMod - sumMet, mod, met, cum);
    }
}
