package org.facilitymonitor.energy.tariffs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * One account's bill for a local calendar month {@code [from, to)}: energy lines by period or tier and version,
 * the fixed and demand lines per version (each for its share of the month's days), where the cumulative
 * quantity crossed into each tier, the highest 15-minute demand in kW (electricity and heat only; 0 otherwise).
 */
public record MonthlyBill(YearMonth month, Instant from, Instant to, double quantity, double unpricedQuantity,
        List<CostLine> lines, List<TierCrossing> tierCrossings, double peakDemandKw, Instant peakDemandAt,
        BigDecimal total) {

    /** The total to the cent (half up), rounded once: the rounded lines need not add up to it. */
    @JsonProperty("totalRounded")
    public BigDecimal totalRounded() {
        return total.setScale(2, RoundingMode.HALF_UP);
    }
}
