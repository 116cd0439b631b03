package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The energy charges of a quantity used evenly over one local day (an avoided or an excess daily use). */
public final class EvenDayPrice {

    private EvenDayPrice() {
    }

    public static BigDecimal of(TariffCalculator calc, LocalDate day, double quantity) {
        Instant start = calc.startOf(day);
        Instant end = calc.startOf(day.plusDays(1));
        double perMs = quantity / (end.toEpochMilli() - start.toEpochMilli());
        return calc.cost((from, until) -> perMs * (until.toEpochMilli() - from.toEpochMilli()), start, end).amount();
    }
}
