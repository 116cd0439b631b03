package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.reports.EnergyReport.SavingsRow;
import org.facilitymonitor.energy.savings.Intervention;
import org.facilitymonitor.energy.savings.InterventionViews.DayView;
import org.facilitymonitor.energy.savings.InterventionViews.FindingView;
import org.facilitymonitor.energy.savings.InterventionViews.ModelView;
import org.facilitymonitor.energy.savings.InterventionViews.MoneyView;
import org.facilitymonitor.energy.savings.InterventionViews.QualityView;
import org.facilitymonitor.energy.savings.InterventionViews.SavingsView;
import org.facilitymonitor.energy.savings.InterventionViews.SufficiencyView;
import org.junit.jupiter.api.Test;

/** A report's savings row from hand-made savings answers, and which interventions a department filter keeps. */
class SavingsFiguresTest {

    private static final LocalDate FROM = LocalDate.of(2026, 2, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 1);

    private static Intervention intervention(Intervention.Scope scope, String scopeId, LocalDate effective) {
        Intervention i = new Intervention();
        i.id = 3L;
        i.name = "LED";
        i.scope = scope;
        i.scopeId = scopeId;
        i.carrier = Carrier.ELECTRICITY;
        i.effectiveOn = effective;
        return i;
    }

    /** Days from {@code effective} to {@code to}: 10 kWh avoided each, but none on 2026-02-14 (no reading). */
    private static SavingsView savings(LocalDate effective, LocalDate to, BigDecimal avoidedCost) {
        List<DayView> days = new ArrayList<>();
        double cumulative = 0;
        for (LocalDate d = effective; d.isBefore(to); d = d.plusDays(1)) {
            Double avoided = d.equals(LocalDate.of(2026, 2, 14)) ? null : 10.0;
            cumulative += avoided == null ? 0 : avoided;
            days.add(new DayView(d, 90.0, 100.0, 0, avoided, cumulative, cumulative - 50, cumulative + 50));
        }
        ModelView model = new ModelView("hdd_58", "hdd_only", 58, null, 14.44, null, 50, 3, 0, 0.9, 0.89, 0.01, null);
        QualityView quality = new QualityView(365, 365, 100, 0.07, 0.0, true, 0.07, 0.07, 0.1, "");
        return new SavingsView(3, "METER", "m", "ELECTRICITY", "kWh", "local", "daily", effective.minusDays(365), effective, effective,
                to, new SufficiencyView("PASS", 365, 365, 365, 365, List.of()), model, quality, days.size(), 0, 0, 0,
                cumulative, null, 50.0, 50 / cumulative, null, null, null, null, null,
                new MoneyView("EUR", avoidedCost, null, null, null, null, "flat"), days, null, null);
    }

    @Test
    void theMonthsAvoidedKwhAndMoneyAndTheCumulativeFigureToItsEnd() {
        LocalDate effective = LocalDate.of(2026, 1, 1);
        SavingsRow row = SavingsFigures.row(intervention(Intervention.Scope.METER, "m", effective), "m", FROM, TO,
                savings(effective, TO, new BigDecimal("147.50")), savings(effective, FROM, new BigDecimal("77.50")));
        assertThat(row.avoided()).as("27 of February's 28 days").isCloseTo(270, within(1e-9));
        assertThat(row.cumulative()).as("31 January days and 27 February days").isCloseTo(580, within(1e-9));
        assertThat(row.cumulativeLow()).isCloseTo(530, within(1e-9));
        assertThat(row.cumulativeHigh()).isCloseTo(630, within(1e-9));
        assertThat(row.avoidedCost()).as("cost to the month's end less the cost to its start").isCloseTo(70.0, within(1e-9));
        assertThat(row.currency()).isEqualTo("EUR");
        assertThat(row.adjustedRSquared()).isEqualTo(0.89);
        assertThat(row.cvRmse()).isEqualTo(0.07);
        assertThat(row.fsu()).isCloseTo(50 / 580.0, within(1e-12));
        assertThat(row.carrier()).isEqualTo("electricity");
        assertThat(row.noModel()).isNull();
    }

    @Test
    void anInterventionStartingInTheMonthCountsFromItsDayAndAllItsMoney() {
        LocalDate effective = LocalDate.of(2026, 2, 20);
        SavingsRow row = SavingsFigures.row(intervention(Intervention.Scope.METER, "m", effective), "m", FROM, TO,
                savings(effective, TO, new BigDecimal("22.50")), null);
        assertThat(row.avoided()).isCloseTo(90, within(1e-9));
        assertThat(row.cumulative()).isCloseTo(90, within(1e-9));
        assertThat(row.avoidedCost()).isCloseTo(22.5, within(1e-9));
    }

    @Test
    void withoutAModelTheRowSaysWhyAndHasNoFigures() {
        LocalDate effective = LocalDate.of(2026, 1, 1);
        SavingsView s = savings(effective, TO, null);
        SavingsView none = new SavingsView(3, "METER", "m", "ELECTRICITY", "kWh", "local", "daily", null, effective, effective, TO,
                new SufficiencyView("FAIL", 365, 200, 365, 200, List.of(
                        new FindingView("too_many_days_with_missing_meter_data", true, "200 of 365 days, fewer than 90 %"),
                        new FindingView("extreme_values_detected", false, "not critical"))),
                null, null, 59, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null, s.daily(), null, null);
        SavingsRow row = SavingsFigures.row(intervention(Intervention.Scope.BUILDING, "b", effective), "Office", FROM, TO,
                none, null);
        assertThat(row.noModel()).isEqualTo("FAIL: 200 of 365 days, fewer than 90 %");
        assertThat(row.avoided()).isNull();
        assertThat(row.cumulative()).isNull();
        assertThat(row.avoidedCost()).isNull();
        assertThat(row.scopeName()).isEqualTo("Office");
    }

    @Test
    void aDepartmentFilterKeepsItsDepartmentsAndTheirMeters() {
        ReportScope all = new ReportScope("s", ZoneId.of("Europe/Berlin"), FROM, TO, Set.of());
        ReportScope ops = new ReportScope("s", ZoneId.of("Europe/Berlin"), FROM, TO, Set.of("ops"));
        Map<String, ReportRegistry.Meter> meters = Map.of(
                "ops-meter", new ReportRegistry.Meter("ops-meter", "a", "A", "b", "ops", null),
                "lab-meter", new ReportRegistry.Meter("lab-meter", "c", "C", "b", "lab", null));
        LocalDate d = LocalDate.of(2026, 1, 1);
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.BUILDING, "b", d), all, Map.of())).isTrue();
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.BUILDING, "b", d), ops, meters)).isFalse();
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.DEPARTMENT, "ops", d), ops, meters)).isTrue();
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.DEPARTMENT, "lab", d), ops, meters)).isFalse();
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.METER, "ops-meter", d), ops, meters)).isTrue();
        assertThat(SavingsFigures.inScope(intervention(Intervention.Scope.METER, "lab-meter", d), ops, meters)).isFalse();
    }

    /** A building's heating/cooling opportunity with cooling meters of two carriers has no carrier (and no price). */
    @Test
    void anOpportunityWithoutACarrierKeepsItsRow() {
        var found = List.of(new org.facilitymonitor.energy.waste.WasteService.OpportunityView(1, "SIMULTANEOUS_HEATING_COOLING",
                null, null, null, "lab", null, 1200.0, null, null, null, "both ran"));
        var rows = SavingsFigures.opportunities(found, Map.of("lab", "Laboratory"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).carrier()).isNull();
        assertThat(rows.get(0).buildingName()).isEqualTo("Laboratory");
        assertThat(rows.get(0).yearlyKwh()).isEqualTo(1200.0);
    }
}
