package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One explainable charge: {@code quantity × unitPrice = amount} (FIXED: the share of the month × the monthly
 * charge). {@code item} is the period (PEAK …), the tier ("tier 2"), "fixed" or "demand"; {@code season} is
 * set for PERIOD lines; {@code version} is the validFrom of the tariff version that priced it. The amount is
 * not rounded (see {@link MonthlyBill#totalRounded()}).
 */
public record CostLine(LineKind kind, String item, String season, LocalDate version, double quantity, String unit,
        BigDecimal unitPrice, BigDecimal amount, String note) {
}
