package org.facilitymonitor.energy.savings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.energy.accounting.AccountingRegistry;
import org.facilitymonitor.energy.accounting.DailyConsumption;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.energy.accounting.DepartmentAccounting;
import org.facilitymonitor.energy.accounting.Meter;
import org.facilitymonitor.energy.accounting.SiteModel;

/**
 * Daily energy use (kWh, the rollup's {@code energy_kwh}) of an intervention's scope: a meter; a
 * building (the sum of its main meters of the carrier, those without a parent meter, so that no
 * sub-meter counts twice); a department (its accounting figures, rolled up with its children).
 * A day is NaN when a meter of the scope has no figure for it.
 */
@ApplicationScoped
public class ScopeUse {

    @Inject
    DailyConsumption consumption;
    @Inject
    DepartmentAccounting departments;
    @Inject
    AccountingRegistry registry;

    public double[] dailyKwh(Intervention i, LocalDate from, LocalDate to) {
        int days = (int) java.time.temporal.ChronoUnit.DAYS.between(from, to);
        double[] none = new double[days];
        Arrays.fill(none, Double.NaN);
        return switch (i.scope) {
            case METER -> consumption.dailyEnergyKwh(i.siteId, i.carrier, from, to).getOrDefault(i.scopeId, none);
            case DEPARTMENT -> {
                double[] out = none.clone();
                for (LocalDate f = from; f.isBefore(to); f = f.plusDays(DayRange.MAX_DAYS)) {
                    LocalDate t = f.plusDays(DayRange.MAX_DAYS).isAfter(to) ? to : f.plusDays(DayRange.MAX_DAYS);
                    double[] part = departments.figures(i.siteId, i.carrier, new DayRange(f, t)).rolledEnergyKwh()
                            .get(i.scopeId);
                    if (part != null) {
                        System.arraycopy(part, 0, out, (int) java.time.temporal.ChronoUnit.DAYS.between(from, f), part.length);
                    }
                }
                yield out;
            }
            case BUILDING -> {
                SiteModel model = registry.site(i.siteId);
                Map<String, String> buildingOfAsset = new HashMap<>();
                Map<String, double[]> perMeter = consumption.dailyEnergyKwh(i.siteId, i.carrier, from, to);
                double[] out = new double[days];
                boolean any = false;
                for (Meter m : model.meters()) {
                    if (m.carrier() != i.carrier || m.parentPointId() != null) {
                        continue;
                    }
                    String building = buildingOfAsset.computeIfAbsent(m.assetId(), a -> {
                        Asset asset = Asset.findById(a);
                        return asset == null ? null : asset.buildingId;
                    });
                    if (!i.scopeId.equals(building)) {
                        continue;
                    }
                    any = true;
                    double[] v = perMeter.getOrDefault(m.pointId(), none);
                    for (int d = 0; d < days; d++) {
                        out[d] += v[d];
                    }
                }
                yield any ? out : none;
            }
        };
    }
}
