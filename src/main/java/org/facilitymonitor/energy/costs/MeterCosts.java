package org.facilitymonitor.energy.costs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.energy.tariffs.MonthlyBill;

/**
 * A meter's costs for one month: the bill (energy lines by period or tier, fixed and demand
 * charges) and, per local day, the quantity and energy amount by tariff item (PEAK, FLAT, VALLEY,
 * CRITICAL_PEAK, or a tier), for charts and for department attribution.
 */
public record MeterCosts(String pointId, YearMonth month, MonthlyBill bill, Map<LocalDate, Map<String, ItemDay>> days) {

    /** One tariff item on one day. */
    public record ItemDay(double quantity, BigDecimal amount) {
        ItemDay plus(double q, BigDecimal a) {
            return new ItemDay(quantity + q, amount.add(a));
        }
    }

    public static final List<String> MONTHLY_ITEMS = List.of("FIXED", "DEMAND");
}
