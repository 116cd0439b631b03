package org.facilitymonitor.energy.accounting;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Department figures: the meters' daily consumption ({@link DailyConsumption}), net of their
 * sub-meters ({@link MeterTree#net}), attributed ({@link Attribution#attribute}) and rolled up the
 * department tree. Writes them to InfluxDB as {@code department_consumption_1d} for Grafana,
 * recomputing the last days on a schedule and any range on demand.
 */
@ApplicationScoped
public class DepartmentAccounting {

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    TelemetryWriter writer;
    @Inject
    AccountingConfig config;
    @Inject
    Clock clock;

    /** Per department and day; {@code rolled}: a department = its own plus its descendants'. */
    public record Figures(SiteModel model, DayRange range, Carrier carrier, Map<String, double[]> own,
                          Map<String, double[]> rolled, Map<String, double[]> ownEnergyKwh, Map<String, double[]> rolledEnergyKwh) {
    }

    public Figures figures(String site, Carrier carrier, DayRange range) {
        SiteModel model = registry.site(site);
        return figures(model, carrier, range, true);
    }

    Figures figures(SiteModel model, Carrier carrier, DayRange range, boolean withEnergy) {
        MeterTree tree = model.tree(carrier);
        Attribution plan = model.plan(range.from(), range.to());
        DepartmentTree departments = model.departments();
        Map<String, double[]> own = plan.attribute(tree.net(consumption.daily(model.siteId(), carrier, range.from(), range.to())));
        Map<String, double[]> ownKwh = Map.of();
        if (withEnergy && carrier != Carrier.WATER) {
            ownKwh = plan.attribute(tree.net(consumption.dailyEnergyKwh(model.siteId(), carrier, range.from(), range.to())));
        }
        return new Figures(model, range, carrier, own, departments.rollUp(own, range.days()), ownKwh,
                departments.rollUp(ownKwh, range.days()));
    }

    @Scheduled(every = "${fm.energy.accounting.every:1h}", delayed = "40s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        for (String site : registry.siteIds()) {
            try {
                LocalDate today = clock.instant().atZone(registry.site(site).zone()).toLocalDate();
                recompute(site, new DayRange(today.minusDays(Math.max(1, config.recomputeDays()) - 1L), today.plusDays(1)));
            } catch (RuntimeException | WriteFailure e) {
                Log.warnf("energy: department consumption of %s not recomputed: %s", site, e.getMessage());
            }
        }
    }

    /**
     * Writes {@code department_consumption_1d} (tags site, department, carrier; fields value and, but
     * for water, energy_kwh; timestamp = the day's local midnight) for every department of the site,
     * rolled up, every carrier the site meters, every day of the range. Rewriting a day overwrites
     * it (same series and timestamp). Returns the points written.
     */
    public int recompute(String site, DayRange range) throws WriteFailure {
        SiteModel model = registry.site(site);
        List<String> lines = new ArrayList<>();
        for (Carrier carrier : Carrier.values()) {
            if (model.meters().stream().noneMatch(m -> m.carrier() == carrier)) {
                continue;
            }
            Figures f = figures(model, carrier, range, true);
            for (Map.Entry<String, double[]> e : f.rolled().entrySet()) {
                double[] kwh = f.rolledEnergyKwh().get(e.getKey());
                for (int d = 0; d < range.days(); d++) {
                    long ts = range.from().plusDays(d).atStartOfDay(model.zone()).toInstant().toEpochMilli();
                    StringBuilder line = new StringBuilder("department_consumption_1d,site=").append(site)
                            .append(",department=").append(e.getKey()).append(",carrier=").append(carrier.tag())
                            .append(" value=").append(e.getValue()[d]);
                    if (kwh != null) {
                        line.append(",energy_kwh=").append(kwh[d]);
                    }
                    lines.add(line.append(' ').append(ts).toString());
                }
            }
        }
        for (int i = 0; i < lines.size(); i += 5000) {
            writer.write(lines.subList(i, Math.min(lines.size(), i + 5000)));
        }
        Log.debugf("energy: %d department day(s) of %s written for %s", lines.size(), site, range);
        return lines.size();
    }

    public record DepartmentView(String departmentId, String name, String parentId, double own, double total,
                                 Double energyKwh, double floorAreaM2, double headCount, Double perM2, Double perPerson) {
    }

    public record DepartmentsView(String siteId, Carrier carrier, String unit, String from, String to, String factsOn,
                                  List<DepartmentView> departments, double unassigned) {
    }

    /**
     * Totals per department over the range, with intensity: the total over the floor area and head
     * count (rolled up the tree) in effect on the range's last day.
     */
    public DepartmentsView departments(String site, Carrier carrier, DayRange range) {
        Figures f = figures(site, carrier, range);
        LocalDate factsOn = range.to().minusDays(1);
        DepartmentTree tree = f.model().departments();
        Map<String, Double> area = new HashMap<>();
        Map<String, Double> heads = new HashMap<>();
        for (String d : tree.departments()) {
            area.put(d, f.model().facts().floorArea(d, factsOn));
            heads.put(d, f.model().facts().headCount(d, factsOn));
        }
        Map<String, Double> rolledArea = tree.rollUp(area);
        Map<String, Double> rolledHeads = tree.rollUp(heads);
        List<DepartmentView> out = new ArrayList<>();
        for (String d : tree.departments()) {
            double total = sum(f.rolled().get(d));
            double a = rolledArea.getOrDefault(d, 0.0);
            double h = rolledHeads.getOrDefault(d, 0.0);
            Double kwh = carrier == Carrier.WATER ? null : sum(f.rolledEnergyKwh().get(d));
            out.add(new DepartmentView(d, f.model().departmentNames().get(d), tree.parent(d), sum(f.own().get(d)), total, kwh,
                    a, h, a > 0 ? total / a : null, h > 0 ? total / h : null));
        }
        return new DepartmentsView(site, carrier, carrier.canonicalUnit(), range.from().toString(), range.to().toString(),
                factsOn.toString(), out, sum(f.own().get(Attribution.UNASSIGNED)));
    }

    static double sum(double[] v) {
        double s = 0;
        if (v != null) {
            for (double x : v) {
                s += x;
            }
        }
        return s;
    }
}
