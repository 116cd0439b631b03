package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The energy cost of {@code [from, to)}: quantity in the canonical unit, lines per period (or tier) and
 * version, the unrounded amount. {@code unpricedQuantity} is consumption on days before the first version.
 * Fixed and demand charges are monthly and only in {@link MonthlyBill}.
 */
public record IntervalCost(Instant from, Instant to, double quantity, double unpricedQuantity, List<CostLine> lines,
        BigDecimal amount) {
}
