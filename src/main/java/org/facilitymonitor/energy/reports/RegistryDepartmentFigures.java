package org.facilitymonitor.energy.reports;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;

/**
 * Departments as the registry has them today: each meter's net consumption (minus its sub-meters)
 * belongs to its asset's current department, not effective-dated and without shares. Replaced by
 * any other {@link DepartmentFigures} bean (energy.accounting).
 */
@DefaultBean
@ApplicationScoped
public class RegistryDepartmentFigures implements DepartmentFigures {

    /** The id under which meters without a department are reported. */
    static final String UNASSIGNED = "unassigned";

    @Inject
    ReportRegistry registry;

    @Override
    public List<ConsumptionRow> departments(ReportScope scope, List<MeterFigure> meters) {
        return byDepartment(scope, meters, registry.departmentNames(scope.site()));
    }

    static List<ConsumptionRow> byDepartment(ReportScope scope, List<MeterFigure> meters, Map<String, String> names) {
        MeterTree tree = new MeterTree(meters);
        Map<List<String>, Double> sums = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1), Carriers.COMPARATOR));
        for (MeterFigure m : meters) {
            if (scope.includes(m.department()) || (scope.departments().isEmpty() && m.department() == null)) {
                String department = m.department() == null ? UNASSIGNED : m.department();
                sums.merge(List.of(department, m.carrier()), tree.net(m), Double::sum);
            }
        }
        List<ConsumptionRow> rows = new ArrayList<>();
        sums.forEach((k, v) -> rows.add(new ConsumptionRow(k.get(0), names.getOrDefault(k.get(0), k.get(0)), k.get(1),
                Carriers.unit(k.get(1)), v)));
        return rows;
    }
}
