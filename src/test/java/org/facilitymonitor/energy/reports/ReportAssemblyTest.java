package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;
import org.junit.jupiter.api.Test;

/** The pure assembly: the meter tree, net figures, changes, top consumers and quality from hand-made meter figures. */
class ReportAssemblyTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
    private static final LocalDate TO = LocalDate.of(2026, 10, 1);

    private static MeterFigure meter(String point, String asset, String building, String department, String parent,
            String carrier, double value) {
        return new MeterFigure(point, asset, asset, building, department, parent, carrier, value, 30, 0, 30);
    }

    // Main 100 with sub-meters 30 (same building) and 20 (another building); water main 10; a sub-meter of a
    // different carrier is no sub-meter of the electricity main.
    private static final List<MeterFigure> SEPTEMBER = List.of(
            meter("main-e", "main", "a", "fac", null, "electricity", 100),
            meter("sub1-e", "sub1", "a", "adm", "main", "electricity", 30),
            meter("sub2-e", "sub2", "b", "it", "main", "electricity", 20),
            meter("main-w", "main", "a", "fac", null, "water", 10),
            meter("heat-sub", "sub1", "a", "adm", "main", "heat", 5));

    private static EnergyReport build(List<MeterFigure> previousMonth, List<MeterFigure> previousYear, Set<String> departments) {
        ReportScope scope = new ReportScope("s", BERLIN, FROM, TO, departments);
        Header header = new Header("s", "Site", "Europe/Berlin", FROM, TO, ReportLanguage.EN, Instant.EPOCH, List.of());
        return ReportAssembler.build(header, scope, new ReportAssembler.Inputs(SEPTEMBER, previousMonth, previousYear),
                RegistryDepartmentFigures.byDepartment(scope, SEPTEMBER, Map.of()), Costs.notConfigured(),
                Quotas.notConfigured(), Map.of("a", "A", "b", "B"), 2, List.of(), List.of());
    }

    @Test
    void totalsCountMainsBuildingsAndDepartmentsNetOfSubMeters() {
        EnergyReport r = build(List.of(), List.of(), Set.of());
        assertThat(r.totals()).extracting(t -> t.carrier() + "=" + t.consumption())
                .containsExactly("electricity=100.0", "heat=5.0", "water=10.0");
        assertThat(r.buildings()).extracting(b -> b.id() + " " + b.carrier() + "=" + b.consumption())
                .containsExactly("a electricity=80.0", "a heat=5.0", "a water=10.0", "b electricity=20.0");
        assertThat(r.departments()).extracting(d -> d.id() + " " + d.carrier() + "=" + d.consumption())
                .containsExactly("adm electricity=30.0", "adm heat=5.0", "fac electricity=50.0", "fac water=10.0",
                        "it electricity=20.0");
        assertThat(r.topConsumers()).extracting(t -> t.carrier() + " " + t.rank() + " " + t.point() + "=" + t.consumption())
                .containsExactly("electricity 1 main-e=50.0", "electricity 2 sub1-e=30.0", "heat 1 heat-sub=5.0",
                        "water 1 main-w=10.0");
    }

    @Test
    void changesAgainstThePreviousMonthAndYear() {
        EnergyReport r = build(List.of(meter("main-e", "main", "a", "fac", null, "electricity", 80)), List.of(),
                Set.of());
        var site = r.changes().get(0);
        assertThat(site.carrier()).isEqualTo("electricity");
        assertThat(site.previousPeriod().from()).isEqualTo(LocalDate.of(2026, 8, 1));
        assertThat(site.previousPeriod().delta()).isEqualTo(20.0);
        assertThat(site.previousPeriod().percent()).isEqualTo(25.0);
        assertThat(site.previousYear().previous()).isZero();
        assertThat(site.previousYear().percent()).isNull();
    }

    @Test
    void aDepartmentFilterRestrictsDepartmentsAndTopConsumers() {
        EnergyReport r = build(List.of(), List.of(), Set.of("adm"));
        assertThat(r.departments()).extracting(d -> d.id()).containsOnly("adm");
        assertThat(r.topConsumers()).extracting(t -> t.point()).containsExactly("sub1-e", "heat-sub");
        assertThat(r.totals()).as("site totals stay whole-site").hasSize(3);
    }

    @Test
    void previousPeriodIsWholeMonthsOrAsManyDays() {
        assertThat(ReportAssembler.previousPeriod(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1)))
                .containsExactly(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1));
        assertThat(ReportAssembler.previousPeriod(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)))
                .containsExactly(LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 1));
        assertThat(ReportAssembler.previousPeriod(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 17)))
                .containsExactly(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 10));
    }
}
