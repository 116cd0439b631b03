package org.facilitymonitor.energy.costs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.rollup.CalorificValues;
import org.facilitymonitor.energy.tariffs.EvenDayPrice;
import org.facilitymonitor.energy.tariffs.TariffService;

/**
 * Prices kWh (avoided, excess, wasted) at a site's tariff of a carrier. Tariffs price their
 * carrier's canonical unit, so gas kWh become m³ by the calorific value of the day first.
 */
@ApplicationScoped
public class EnergyPrices {

    @Inject
    TariffService tariffs;
    @Inject
    CalorificValues calorific;

    /** A site's tariff ready to price kWh; {@link #ofDay} is null on a gas day without a calorific value. */
    public record KwhPrice(String tariffName, String currency, Carrier carrier, TariffService.SiteTariff tariff,
                           Function<LocalDate, Double> kwhPerUnit) {

        /** The energy charges of {@code kwh} used evenly over a local day. */
        public BigDecimal ofDay(LocalDate day, double kwh) {
            Double factor = kwhPerUnit.apply(day);
            if (factor == null || !(factor > 0)) {
                return null;
            }
            return EvenDayPrice.of(tariff.calculator(), day, kwh / factor);
        }

        /** How the price was made, for the answer's note. */
        public String note() {
            return "energy charges of tariff '" + tariffName + "'"
                    + (carrier == Carrier.GAS ? ", kWh converted to m³ by the site's calorific value of each day" : "");
        }
    }

    /** The site's tariff of a carrier, if it has one (water has no kWh: empty). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<KwhPrice> forSite(String siteId, Carrier carrier) {
        if (carrier == Carrier.WATER) {
            return Optional.empty();
        }
        return tariffs.siteTariff(siteId, carrier).map(t -> new KwhPrice(t.name(), t.currency(), carrier, t,
                calorific.kwhPerUnit(siteId, carrier)));
    }
}
