package org.facilitymonitor.energy.reports;

import java.util.List;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;

/**
 * Consumption per department and carrier for a report: one row per (department, carrier) in the
 * scope's department filter, {@code id} the department id. Implemented from energy.accounting
 * (effective-dated meter departments, shares of shared meters); until then by
 * {@link RegistryDepartmentFigures}.
 */
public interface DepartmentFigures {

    /** {@code meters}: the period's meter figures, which an implementation may use or ignore. */
    List<ConsumptionRow> departments(ReportScope scope, List<MeterFigure> meters);
}
