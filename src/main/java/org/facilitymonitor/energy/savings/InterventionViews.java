package org.facilitymonitor.energy.savings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The REST shapes of interventions and their savings. */
public final class InterventionViews {

    private InterventionViews() {
    }

    public record InterventionRequest(String siteId, String scope, String scopeId, String carrier, String name,
                                      String description, LocalDate effectiveOn, BigDecimal cost, String currency,
                                      Double expectedSavingsKwh, Long workOrderId, Long planId) {
    }

    public record AdjustmentRequest(LocalDate from, LocalDate to, Double kwhPerDay, String reason) {
    }

    public record AdjustmentView(long id, LocalDate from, LocalDate to, double kwhPerDay, String reason, String createdBy,
                                 Instant createdAt) {
        static AdjustmentView of(Adjustment a) {
            return new AdjustmentView(a.id, a.fromDay, a.toDay, a.kwhPerDay, a.reason, a.createdBy, a.createdAt);
        }
    }

    public record InterventionView(long id, String siteId, String scope, String scopeId, String carrier, String name,
                                   String description, LocalDate effectiveOn, LocalDate baselineFrom, BigDecimal cost,
                                   String currency, Double expectedSavingsKwh, Long workOrderId, Long planId,
                                   String createdBy, Instant createdAt, List<AdjustmentView> adjustments) {
    }

    public record CandidateView(String name, String type, Integer heatingBalancePointF, Integer coolingBalancePointF,
                                Double intercept, Double heatingSlope, Double coolingSlope, Double adjustedRSquared,
                                String status, String reason) {
    }

    public record ModelView(String name, String type, Integer heatingBalancePointF, Integer coolingBalancePointF,
                            Double heatingBalancePointC, Double coolingBalancePointC, double intercept,
                            double heatingSlopePerDegreeF, double coolingSlopePerDegreeF, double rSquared,
                            double adjustedRSquared, Double heatingSlopePValue, Double coolingSlopePValue) {
    }

    /** Model quality: ASHRAE Guideline 14 and the reference implementation's figures, named apart. */
    public record QualityView(int days, int periods, double meanUsePerDay, double cvRmse, double nmbe, boolean meetsGuideline14,
                              double cvRmseOverN, double cvRmseAdjusted, double autocorrelation, String definitions) {
    }

    public record SufficiencyView(String status, int days, int daysWithUse, int daysWithTemperature, int validDays,
                                  List<FindingView> findings) {
    }

    public record FindingView(String code, boolean critical, String detail) {
    }

    public record DayView(LocalDate day, Double metered, Double modelled, double adjustment, Double avoided,
                          double cumulative, Double cumulativeLow, Double cumulativeHigh) {
    }

    public record MoneyView(String currency, BigDecimal avoidedCost, BigDecimal yearlySavings, BigDecimal cost,
                            Double simplePaybackYears, Double yearlyReturn, String note) {
    }

    /** A bill of the billing method: local days {@code [start, end)}. */
    public record BillView(LocalDate start, LocalDate end, int days) {
    }

    /**
     * {@code daily} holds one entry per reporting day, or per bill with the billing method ({@code bills}
     * then says each one's days).
     */
    public record SavingsView(long intervention, String scope, String scopeId, String carrier, String unit,
                              String days, String method, LocalDate baselineFrom, LocalDate baselineTo, LocalDate reportingFrom,
                              LocalDate reportingTo, SufficiencyView sufficiency, ModelView model, QualityView quality,
                              int reportingDays, double metered, double modelled, double adjustments, double avoided,
                              Double avoidedFraction, Double uncertainty90, Double fractionalSavingsUncertainty,
                              Double normalYearBaseline, Double normalYearSavings, String normalYearNote,
                              String typicalYear,
                              Double expectedSavingsKwh, MoneyView money, List<DayView> daily, List<BillView> bills,
                              List<CandidateView> candidates) {
    }
}
