package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.Month;
import java.util.List;
import java.util.Map;

/**
 * One version's prices, as checked by {@link TariffDefinitionParser}: either time-of-use {@code seasons}
 * or monthly {@code tiers} (exactly one of them non-empty), a fixed monthly charge and a demand charge
 * per kW of the month's highest 15-minute demand (both zero when absent). Prices are per canonical unit.
 */
public record TariffDefinition(List<Season> seasons, List<Tier> tiers, BigDecimal fixedMonthlyCharge,
        BigDecimal demandChargePerKw) {

    public TariffDefinition {
        seasons = List.copyOf(seasons);
        tiers = List.copyOf(tiers);
    }

    public boolean timeOfUse() {
        return !seasons.isEmpty();
    }

    public Season seasonOf(Month month) {
        for (Season s : seasons) {
            if (s.contains(month)) {
                return s;
            }
        }
        throw new IllegalStateException("no season covers " + month);
    }

    /** Months {@code fromMonth..toMonth} inclusive, wrapping over the new year (11..2 is Nov–Feb). */
    public record Season(String name, int fromMonth, int toMonth, Map<Period, BigDecimal> prices,
            Map<DayType, List<Span>> days) {

        public Season {
            prices = Map.copyOf(prices);
            days = Map.copyOf(days);
        }

        public boolean contains(Month month) {
            int m = month.getValue();
            return fromMonth <= toMonth ? m >= fromMonth && m <= toMonth : m >= fromMonth || m <= toMonth;
        }

        /** The day type's schedule; a missing WEEKEND follows WORKDAY, a missing HOLIDAY follows WEEKEND. */
        public List<Span> schedule(DayType type) {
            List<Span> spans = days.get(type);
            if (spans != null) {
                return spans;
            }
            return type == DayType.HOLIDAY ? schedule(DayType.WEEKEND) : days.get(DayType.WORKDAY);
        }
    }

    /** Local wall-clock times {@code [from, to)}; {@code to == null} means 24:00. */
    public record Span(LocalTime from, LocalTime to, Period period) {
    }

    /** A block of the month's cumulative quantity {@code [previous upTo, upTo)}; the last has no upTo. */
    public record Tier(Double upTo, BigDecimal price) {

        public double upper() {
            return upTo == null ? Double.POSITIVE_INFINITY : upTo;
        }
    }
}
