package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.energy.accounting.DepartmentAccounting;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;

/**
 * Departments' consumption for a report from energy.accounting: each meter's net consumption (minus
 * its sub-meters) attributed to its department on each day (effective-dated moves, shares of shared
 * meters), each department's own figure; meters with no department under {@code _unassigned}.
 */
@ApplicationScoped
public class AccountingDepartmentFigures implements DepartmentFigures {

    @Inject
    DepartmentAccounting accounting;
    @Inject
    ReportRegistry registry;

    @Override
    public List<ConsumptionRow> departments(ReportScope scope, List<MeterFigure> meters) {
        Map<String, String> names = registry.departmentNames(scope.site());
        List<ConsumptionRow> rows = new ArrayList<>();
        DayRange range = new DayRange(scope.from(), scope.to());
        for (Carrier carrier : Carrier.values()) {
            if (meters.stream().noneMatch(m -> m.carrier().equals(carrier.tag()))) {
                continue;
            }
            accounting.figures(scope.site(), carrier, range).own().forEach((dept, days) -> {
                double used = Arrays.stream(days).filter(d -> !Double.isNaN(d)).sum();
                if (used != 0 && (scope.includes(dept) || (scope.departments().isEmpty() && dept.startsWith("_")))) {
                    rows.add(new ConsumptionRow(dept, names.getOrDefault(dept, dept), carrier.tag(),
                            Carriers.unit(carrier.tag()), used));
                }
            });
        }
        rows.sort((a, b) -> a.id().equals(b.id()) ? Carriers.COMPARATOR.compare(a.carrier(), b.carrier())
                : a.id().compareTo(b.id()));
        return rows;
    }
}
