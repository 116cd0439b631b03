package org.facilitymonitor.energy.baseline;

/**
 * One candidate of a CalTRACK fit: {@code use per day = intercept + heatingSlope · HDD(h) +
 * coolingSlope · CDD(c)}, degree days per day in °F. A term the type does not have is 0 and its
 * balance point null.
 */
public record CandidateModel(Type type, Integer heatingBalancePointF, Integer coolingBalancePointF, double intercept,
                             double heatingSlope, double coolingSlope, double rSquared, double adjustedRSquared,
                             Double heatingSlopePValue, Double coolingSlopePValue, Status status, String reason) {

    public enum Type {
        INTERCEPT_ONLY("intercept_only"), HDD_ONLY("hdd_only"), CDD_ONLY("cdd_only"), HDD_CDD("hdd_cdd");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Status {
        QUALIFIED, DISQUALIFIED, NOT_ATTEMPTED
    }

    /** Slopes with a term in the model (the intercept is not a slope). */
    public int slopes() {
        return switch (type) {
            case INTERCEPT_ONLY -> 0;
            case HDD_ONLY, CDD_ONLY -> 1;
            case HDD_CDD -> 2;
        };
    }

    /** Coefficients including the intercept. */
    public int coefficients() {
        return slopes() + 1;
    }

    public boolean qualified() {
        return status == Status.QUALIFIED;
    }

    /** Predicted use per day of a period (NaN without a temperature where the model needs one). */
    public double predictPerDay(UsagePeriod p) {
        double y = intercept;
        if (heatingBalancePointF != null) {
            y += heatingSlope * p.heatingDegreeDays(heatingBalancePointF);
        }
        if (coolingBalancePointF != null) {
            y += coolingSlope * p.coolingDegreeDays(coolingBalancePointF);
        }
        return y;
    }

    /** Predicted use per day at a daily mean temperature in °F. */
    public double predictPerDay(double temperatureF) {
        double y = intercept;
        if (heatingBalancePointF != null) {
            y += heatingSlope * DegreeDays.heating(temperatureF, heatingBalancePointF);
        }
        if (coolingBalancePointF != null) {
            y += coolingSlope * DegreeDays.cooling(temperatureF, coolingBalancePointF);
        }
        return y;
    }

    public String name() {
        return switch (type) {
            case INTERCEPT_ONLY -> "intercept_only";
            case HDD_ONLY -> "hdd_only_" + heatingBalancePointF;
            case CDD_ONLY -> "cdd_only_" + coolingBalancePointF;
            case HDD_CDD -> "cdd_" + coolingBalancePointF + "_hdd_" + heatingBalancePointF;
        };
    }
}
