package org.facilitymonitor.energy.costs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.energy.rollup.Meter;
import org.facilitymonitor.energy.rollup.RollupConfig;
import org.facilitymonitor.energy.rollup.RollupStore;
import org.facilitymonitor.energy.tariffs.CostLine;
import org.facilitymonitor.energy.tariffs.IntervalCost;
import org.facilitymonitor.energy.tariffs.MonthlyBill;
import org.facilitymonitor.energy.tariffs.TariffCalculator;

/** Prices one meter's month with its site's tariff, from its readings (the rollups' boundary rule). */
@ApplicationScoped
public class CostCalculator {

    @Inject
    RollupStore store;
    @Inject
    RollupConfig rollups;

    public MeterCosts compute(Meter meter, YearMonth month, TariffCalculator tariff) {
        ReadingsConsumption consumption = new ReadingsConsumption(meter, store, rollups.gapLimit().toMillis());
        List<Instant> dayBoundaries = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth().plusDays(1)); d = d.plusDays(1)) {
            dayBoundaries.add(tariff.startOf(d));
        }
        Map<LocalDate, Map<String, MeterCosts.ItemDay>> days = new TreeMap<>();
        for (IntervalCost day : tariff.costs(consumption, dayBoundaries)) {
            Map<String, MeterCosts.ItemDay> items = new TreeMap<>();
            for (CostLine line : day.lines()) {
                items.merge(line.item(), new MeterCosts.ItemDay(line.quantity(), line.amount()),
                        (a, b) -> a.plus(b.quantity(), b.amount()));
            }
            if (!items.isEmpty()) {
                days.put(day.from().atZone(meter.zone()).toLocalDate(), items);
            }
        }
        MonthlyBill bill = tariff.bill(consumption, month);
        return new MeterCosts(meter.pointId(), month, bill, days);
    }
}
