package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;

/**
 * Daily consumption per meter point of one site and carrier, as the rollup stored it
 * ({@code consumption_1d}): one value per local day of the site's zone, index 0 = {@code from},
 * {@code to} exclusive, {@link Double#NaN} where the day has no row. Everything above this
 * interface is pure and takes the vectors it returns.
 */
public interface DailyConsumption {

    /** Field {@code value}: the carrier's canonical unit (kWh, m³). */
    Map<String, double[]> daily(String site, Carrier carrier, LocalDate from, LocalDate to);

    /** Field {@code energy_kwh} (electricity and heat: the value; gas: via calorific value); water has none. */
    Map<String, double[]> dailyEnergyKwh(String site, Carrier carrier, LocalDate from, LocalDate to);
}
