package org.facilitymonitor.energy.reports;

import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.energy.reports.EnergyReport.Change;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;
import org.facilitymonitor.energy.reports.EnergyReport.CostRow;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Opportunity;
import org.facilitymonitor.energy.reports.EnergyReport.Quality;
import org.facilitymonitor.energy.reports.EnergyReport.QuotaRow;
import org.facilitymonitor.energy.reports.EnergyReport.SavingsRow;
import org.facilitymonitor.energy.reports.EnergyReport.TopConsumer;

/**
 * The report's sections as labelled tables, the one layout every format renders: CSV blocks, XLSX
 * sheets, PDF tables. Cells keep numbers as numbers; each format decides how to print them.
 */
final class ReportTables {

    enum CellKind {
        TEXT, NUMBER, SHARE
    }

    /** A text, a number, a share (0..1) or nothing (null value). */
    record Cell(CellKind kind, Object value) {
        static Cell text(String s) {
            return new Cell(CellKind.TEXT, s == null ? "" : s);
        }

        static Cell number(Double d) {
            return new Cell(CellKind.NUMBER, d);
        }

        static Cell share(double d) {
            return new Cell(CellKind.SHARE, d);
        }
    }

    /**
     * {@code key} is stable (CSV block marker, sheet order); {@code status} NOT_CONFIGURED means no
     * rows on purpose; {@code empty}, when not null, is the one line a format shows instead of a
     * table without rows; {@code detailColumn} (-1: none) is a long text a PDF prints on a line of
     * its own below each row instead of in a column.
     */
    record Table(String key, String title, List<String> columns, List<List<Cell>> rows, FigureStatus status, String empty,
            int detailColumn) {
        Table(String key, String title, List<String> columns, List<List<Cell>> rows, FigureStatus status) {
            this(key, title, columns, rows, status, null, -1);
        }

        /** No rows and a line that says so. */
        boolean saysEmpty() {
            return status == FigureStatus.AVAILABLE && rows.isEmpty() && empty != null;
        }
    }

    private ReportTables() {
    }

    static List<Table> of(EnergyReport report, ReportText t) {
        List<Table> tables = new ArrayList<>();
        tables.add(consumption("totals", report.totals(), t));
        tables.add(consumption("buildings", report.buildings(), t));
        tables.add(departments(report.departments(), t));
        tables.add(costs(report, t));
        tables.add(quotas(report, t));
        tables.add(changes(report.changes(), t));
        tables.add(top(report.topConsumers(), t));
        tables.add(quality(report.quality(), t));
        tables.add(savings(report.savings(), t));
        tables.add(opportunities(report.opportunities(), t));
        return tables;
    }

    private static List<String> columns(ReportText t, String... keys) {
        return java.util.Arrays.stream(keys).map(k -> t.get("col." + k)).toList();
    }

    private static Table consumption(String key, List<ConsumptionRow> rows, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (ConsumptionRow r : rows) {
            cells.add(List.of(Cell.text(r.id()), Cell.text(r.name()), Cell.text(t.carrier(r.carrier())), Cell.text(r.unit()),
                    Cell.number(r.consumption())));
        }
        return new Table(key, t.get("section." + key), columns(t, "id", "name", "carrier", "unit", "consumption"), cells,
                FigureStatus.AVAILABLE);
    }

    private static Table departments(List<ConsumptionRow> rows, ReportText t) {
        List<ConsumptionRow> named = rows.stream().map(r -> RegistryDepartmentFigures.UNASSIGNED.equals(r.id())
                ? new ConsumptionRow(r.id(), t.get("unassigned"), r.carrier(), r.unit(), r.consumption()) : r).toList();
        return consumption("departments", named, t);
    }

    private static Table costs(EnergyReport report, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (CostRow r : report.costs().rows()) {
            cells.add(List.of(Cell.text(t.get("scope." + r.scope())), Cell.text(r.scopeId()), Cell.text(t.carrier(r.carrier())),
                    Cell.text(t.get("component." + r.component())), Cell.text(r.detail()), Cell.number(r.quantity()),
                    Cell.number(r.amount()), Cell.text(report.costs().currency())));
        }
        return new Table("costs", t.get("section.costs"),
                columns(t, "scope", "id", "carrier", "component", "detail", "quantity", "amount", "currency"), cells,
                report.costs().status());
    }

    private static Table quotas(EnergyReport report, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (QuotaRow r : report.quotas().rows()) {
            cells.add(List.of(Cell.text(r.department()), Cell.text(r.departmentName()), Cell.text(t.carrier(r.carrier())),
                    Cell.text(r.unit()), Cell.number(r.quota()), Cell.number(r.used()), Cell.share(r.share()),
                    Cell.number(r.forecast())));
        }
        return new Table("quotas", t.get("section.quotas"),
                columns(t, "id", "name", "carrier", "unit", "quota", "used", "share", "forecast"), cells,
                report.quotas().status());
    }

    private static Table changes(List<Change> changes, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (Change c : changes) {
            cells.add(List.of(Cell.text(t.get("scope." + c.scope())), Cell.text(c.name()), Cell.text(t.carrier(c.carrier())),
                    Cell.text(c.unit()), Cell.number(c.current()), Cell.number(c.previousPeriod().previous()),
                    Cell.number(c.previousPeriod().delta()), Cell.number(c.previousPeriod().percent()),
                    Cell.number(c.previousYear().previous()), Cell.number(c.previousYear().delta()),
                    Cell.number(c.previousYear().percent())));
        }
        return new Table("changes", t.get("section.changes"), columns(t, "scope", "name", "carrier", "unit", "current",
                "prevPeriod", "prevPeriodDelta", "prevPeriodPct", "prevYear", "prevYearDelta", "prevYearPct"), cells,
                FigureStatus.AVAILABLE);
    }

    private static Table top(List<TopConsumer> top, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (TopConsumer c : top) {
            cells.add(List.of(Cell.number((double) c.rank()), Cell.text(c.point()), Cell.text(c.assetName()),
                    Cell.text(c.building()), Cell.text(t.carrier(c.carrier())), Cell.text(c.unit()),
                    Cell.number(c.consumption())));
        }
        return new Table("top", t.get("section.top"),
                columns(t, "rank", "point", "asset", "building", "carrier", "unit", "consumption"), cells,
                FigureStatus.AVAILABLE);
    }

    private static Table quality(List<Quality> quality, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (Quality q : quality) {
            cells.add(List.of(Cell.text(t.carrier(q.carrier())), Cell.number((double) q.meters()),
                    Cell.number((double) q.intervals()), Cell.number((double) q.estimated()), Cell.share(q.estimatedShare()),
                    Cell.share(q.coverage())));
        }
        return new Table("quality", t.get("section.quality"),
                columns(t, "carrier", "meters", "intervals", "estimated", "estimatedShare", "coverage"), cells,
                FigureStatus.AVAILABLE);
    }

    private static Table savings(List<SavingsRow> savings, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (SavingsRow r : savings) {
            cells.add(List.of(Cell.text(r.name()), Cell.text(t.get("scope." + r.scope()) + " " + r.scopeName()),
                    Cell.text(t.carrier(r.carrier())), Cell.text(r.effectiveOn().toString()), Cell.number(r.avoided()),
                    Cell.number(r.cumulative()), Cell.number(r.cumulativeLow()), Cell.number(r.cumulativeHigh()),
                    Cell.number(r.avoidedCost()), Cell.text(r.currency()), Cell.number(r.adjustedRSquared()),
                    r.cvRmse() == null ? Cell.number(null) : Cell.share(r.cvRmse()),
                    r.fsu() == null ? Cell.number(null) : Cell.share(r.fsu()),
                    Cell.text(r.noModel() == null ? null : t.get("noModel", r.noModel()))));
        }
        return new Table("savings", t.get("section.savings"), columns(t, "intervention", "scope", "carrier", "effectiveOn",
                "avoided", "cumulative", "cumulativeLow", "cumulativeHigh", "avoidedCost", "currency", "adjustedR2", "cvRmse",
                "fsu", "note"), cells, FigureStatus.AVAILABLE, t.get("noInterventions"), 13);
    }

    private static Table opportunities(List<Opportunity> opportunities, ReportText t) {
        List<List<Cell>> cells = new ArrayList<>();
        for (Opportunity o : opportunities) {
            cells.add(List.of(Cell.number((double) o.rank()), Cell.text(t.wasteKind(o.kind())), Cell.text(o.point()),
                    Cell.text(o.assetName()), Cell.text(o.buildingName()), Cell.text(t.carrier(o.carrier())),
                    Cell.number(o.yearlyKwh()), Cell.number(o.yearlyCost()), Cell.text(o.currency()), Cell.text(o.evidence())));
        }
        return new Table("opportunities", t.get("section.opportunities"), columns(t, "rank", "kind", "point", "asset",
                "building", "carrier", "yearlyKwh", "yearlyCost", "currency", "evidence"), cells, FigureStatus.AVAILABLE,
                t.get("noOpportunities"), 9);
    }
}
