package org.facilitymonitor.energy.costs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.registers.RegisterCurve;
import org.facilitymonitor.energy.rollup.Meter;
import org.facilitymonitor.energy.rollup.RollupStore;
import org.facilitymonitor.energy.tariffs.ConsumptionFunction;

/**
 * A meter's consumption between any two instants, by the same boundary rule as the rollups (the
 * register curve of its readings), read from InfluxDB one local day at a time, so a tariff period
 * boundary inside a quarter hour splits it exactly. Keeps the days read (a month: tiers price each piece against the month so far).
 */
final class ReadingsConsumption implements ConsumptionFunction {

    private static final int DAYS_KEPT = 40;

    private final Meter meter;
    private final RollupStore store;
    private final long gapLimitMs;
    private final Map<LocalDate, RegisterCurve> days = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, RegisterCurve> eldest) {
            return size() > DAYS_KEPT;
        }
    };

    ReadingsConsumption(Meter meter, RollupStore store, long gapLimitMs) {
        this.meter = meter;
        this.store = store;
        this.gapLimitMs = gapLimitMs;
    }

    @Override
    public double between(Instant from, Instant to) {
        double sum = 0;
        for (IntervalLength.Interval day : IntervalLength.DAY.covering(meter.zone(), from, to)) {
            long a = Math.max(from.toEpochMilli(), day.startMs());
            long b = Math.min(to.toEpochMilli(), day.endMs());
            if (a < b) {
                sum += curve(day).consumption(a, b);
            }
        }
        return sum;
    }

    private RegisterCurve curve(IntervalLength.Interval day) {
        return days.computeIfAbsent(day.start().atZone(meter.zone()).toLocalDate(), d -> {
            RollupStore.Readings r = store.readings(meter, day.startMs(), day.endMs());
            return RegisterCurve.of(r.timestamps(), r.values(), meter.policy(gapLimitMs));
        });
    }
}
