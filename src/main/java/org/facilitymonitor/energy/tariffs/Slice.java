package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A piece of time {@code [from, to)} with one price rule: one local day, one tariff version, one season and
 * day type and, for time-of-use tariffs, one period with its unit price. {@code version} is null on days
 * before the first version (nothing prices them); {@code period} and {@code unitPrice} are null for tiered
 * tariffs, whose price depends on the month's cumulative quantity.
 */
public record Slice(Instant from, Instant to, LocalDate day, LocalDate version, String season, DayType dayType,
        Period period, BigDecimal unitPrice) {
}
