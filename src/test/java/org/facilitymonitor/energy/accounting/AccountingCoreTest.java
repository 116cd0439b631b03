package org.facilitymonitor.energy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.accounting.Attribution.Basis;
import org.facilitymonitor.energy.accounting.Attribution.MeterDepartment;
import org.facilitymonitor.energy.accounting.Attribution.MeterShare;
import org.junit.jupiter.api.Test;

/** The pure accounting cores with figures computed by hand. */
class AccountingCoreTest {

    private static final double EPS = 1e-9;

    private static final MeterTree OFFICE = new MeterTree(List.of(
            new Meter("main", "main-a", Carrier.ELECTRICITY, null, "facilities"),
            new Meter("admin", "admin-a", Carrier.ELECTRICITY, "main", "administration"),
            new Meter("it", "it-a", Carrier.ELECTRICITY, "main", "it-services")));

    @Test
    void netOfAMainIsItsConsumptionMinusItsSubMeters() {
        Map<String, double[]> daily = Map.of("main", new double[] { 1000, 800 }, "admin", new double[] { 300, Double.NaN },
                "it", new double[] { 450, 500 });
        Map<String, double[]> net = OFFICE.net(daily);
        assertThat(net.get("main")).containsExactly(250, 300); // 1000-300-450; 800-0-500 (admin missing: 0)
        assertThat(net.get("admin")).containsExactly(300, 0);
        assertThat(net.get("it")).containsExactly(450, 500);
        assertThat(OFFICE.mainsWithSubMeters()).extracting(Meter::pointId).containsExactly("main");
        assertThat(OFFICE.subMeters("main")).containsExactly("admin", "it");
    }

    @Test
    void virtualMeterFormulaExpandsToMeterCoefficients() {
        Formula f = Formula.parse("campus-water-main-volume - office-water-volume - 0.5*dorm-water-volume");
        assertThat(f.terms()).containsExactly(new Formula.Term(1, "campus-water-main-volume"),
                new Formula.Term(-1, "office-water-volume"), new Formula.Term(-0.5, "dorm-water-volume"));
        Set<String> meters = Set.of("campus-water-main-volume", "office-water-volume", "dorm-water-volume");
        Map<String, Formula> virtual = Map.of("halls", Formula.parse("2*office-water-volume + dorm-water-volume*3"));
        Map<String, Double> k = Formula.parse("campus-water-main-volume - halls").expand(null, virtual::get, meters::contains);
        assertThat(k).containsExactlyInAnyOrderEntriesOf(Map.of("campus-water-main-volume", 1.0,
                "office-water-volume", -2.0, "dorm-water-volume", -3.0));
        double[] v = Formula.evaluate(k, Map.of("campus-water-main-volume", new double[] { 100, 90 },
                "office-water-volume", new double[] { 10, 5 }, "dorm-water-volume", new double[] { 20, Double.NaN }), 2);
        assertThat(v[0]).isCloseTo(100 - 20 - 60, within(EPS)); // 20
        assertThat(v[1]).isCloseTo(90 - 10, within(EPS)); // dorm missing counts 0
    }

    @Test
    void badFormulasNameTheTerm() {
        Set<String> meters = Set.of("a-energy", "b-energy");
        assertThatThrownBy(() -> Formula.parse("a-energy + + b-energy")).hasMessageContaining("b-energy");
        assertThatThrownBy(() -> Formula.parse("a-energy +")).hasMessageContaining("ends with an operator");
        assertThatThrownBy(() -> Formula.parse("0.5 a-energy")).hasMessageContaining("'0.5'");
        assertThatThrownBy(() -> Formula.parse("a-energy + nope").expand(null, x -> null, meters::contains))
                .hasMessageContaining("term 'nope'");
        Map<String, Formula> virtual = new LinkedHashMap<>();
        virtual.put("x", Formula.parse("a-energy + y"));
        virtual.put("y", Formula.parse("b-energy - x"));
        assertThatThrownBy(() -> virtual.get("x").expand("x", virtual::get, meters::contains))
                .hasMessageContaining("term 'x' makes a cycle: x -> y -> x");
    }

    @Test
    void balanceCheckBothDirections() {
        BalanceCheck.Limits limits = new BalanceCheck.Limits(0.02, 0.15);
        LocalDate day = LocalDate.of(2026, 3, 11);
        var over = BalanceCheck.check("main", List.of("admin", "it"), day, Map.of("main", 1000.0, "admin", 600.0, "it", 430.0),
                limits, "kWh").orElseThrow();
        assertThat(over.subsExceedMain()).isTrue(); // 1030 > 1020
        assertThat(over.untrackedShare()).isCloseTo(-0.03, within(EPS));
        assertThat(over.message()).isEqualTo("2026-03-11 main: main 1000 kWh, sub-meters 1030 kWh, untracked -3%;"
                + " the sub-meters exceed the main by more than the tolerance of 2%");
        var within2 = BalanceCheck.check("main", List.of("admin", "it"), day, Map.of("main", 1000.0, "admin", 600.0, "it", 415.0),
                limits, "kWh").orElseThrow();
        assertThat(within2.outOfBalance()).isFalse(); // 1015 <= 1020
        var untracked = BalanceCheck.check("main", List.of("admin", "it"), day, Map.of("main", 1000.0, "admin", 500.0, "it", 340.0),
                limits, "kWh").orElseThrow();
        assertThat(untracked.untrackedTooHigh()).isTrue(); // 16 % > 15 %
        assertThat(untracked.message()).endsWith("untracked 16%; above the untracked limit of 15%");
        var edge = BalanceCheck.check("main", List.of("admin", "it"), day, Map.of("main", 1000.0, "admin", 500.0, "it", 350.0),
                limits, "kWh").orElseThrow();
        assertThat(edge.outOfBalance()).isFalse(); // exactly 15 %
        assertThat(BalanceCheck.check("main", List.of("admin", "it"), day, Map.of("main", 1000.0, "admin", 500.0), limits, "kWh"))
                .as("a sub-meter without a figure: not judged").isEmpty();
    }

    @Test
    void aMeterMovingOnThe12thSplitsTheMonthExactly() {
        LocalDate from = LocalDate.of(2026, 3, 1);
        Attribution plan = Attribution.plan(from, LocalDate.of(2026, 4, 1), Map.of("m", "administration"),
                List.of(new MeterDepartment("m", LocalDate.of(2026, 3, 12), "it-services")), List.of(), new DepartmentFacts(List.of()));
        double[] daily = new double[31];
        for (int d = 0; d < 31; d++) {
            daily[d] = d + 1; // 1 on the 1st ... 31 on the 31st
        }
        Map<String, double[]> out = plan.attribute(Map.of("m", daily));
        assertThat(sum(out.get("administration"))).isEqualTo(66); // 1+...+11
        assertThat(sum(out.get("it-services"))).isEqualTo(430); // 12+...+31 = 496-66
        assertThat(out.get("administration")[10]).isEqualTo(11);
        assertThat(out.get("administration")[11]).isZero();
        assertThat(out.get("it-services")[11]).isEqualTo(12);
    }

    @Test
    void sharesByAreaHeadCountAndPercentEffectiveDated() {
        LocalDate d1 = LocalDate.of(2026, 1, 1);
        DepartmentFacts facts = new DepartmentFacts(List.of(
                new DepartmentFacts.Fact("a", d1, 300, 10), new DepartmentFacts.Fact("b", d1, 100, 30),
                new DepartmentFacts.Fact("b", LocalDate.of(2026, 1, 3), 300, 30)));
        List<MeterShare> shares = List.of(
                new MeterShare("area", d1, Basis.FLOOR_AREA, "a", null), new MeterShare("area", d1, Basis.FLOOR_AREA, "b", null),
                new MeterShare("heads", d1, Basis.HEAD_COUNT, "a", null), new MeterShare("heads", d1, Basis.HEAD_COUNT, "b", null),
                new MeterShare("fixed", d1, Basis.FIXED, "a", 70.0), new MeterShare("fixed", d1, Basis.FIXED, "b", 30.0),
                new MeterShare("fixed", LocalDate.of(2026, 1, 4), Basis.FIXED, "a", 10.0),
                new MeterShare("fixed", LocalDate.of(2026, 1, 4), Basis.FIXED, "b", 90.0));
        Attribution plan = Attribution.plan(d1, LocalDate.of(2026, 1, 5), Map.of(), List.of(), shares, facts);
        double[] eighty = { 80, 80, 80, 80 };
        Map<String, double[]> out = plan.attribute(Map.of("area", eighty));
        assertThat(out.get("a")).containsExactly(new double[] { 60, 60, 40, 40 }, within(EPS)); // 300:100, then 300:300
        assertThat(out.get("b")).containsExactly(new double[] { 20, 20, 40, 40 }, within(EPS));
        out = plan.attribute(Map.of("heads", eighty));
        assertThat(out.get("a")).containsExactly(new double[] { 20, 20, 20, 20 }, within(EPS)); // 10:30
        assertThat(out.get("b")).containsExactly(new double[] { 60, 60, 60, 60 }, within(EPS));
        out = plan.attribute(Map.of("fixed", eighty));
        assertThat(out.get("a")).containsExactly(new double[] { 56, 56, 56, 8 }, within(EPS));
        assertThat(out.get("b")).containsExactly(new double[] { 24, 24, 24, 72 }, within(EPS));
    }

    @Test
    void attributionIsLinearAndRollsUpTheTree() {
        LocalDate d1 = LocalDate.of(2026, 1, 1);
        Attribution plan = Attribution.plan(d1, d1.plusDays(2), Map.of("m1", "admin", "m2", "it", "m3", "root"),
                List.of(), List.of(), new DepartmentFacts(List.of()));
        Map<String, double[]> x = Map.of("m1", new double[] { 1, 2 }, "m2", new double[] { 3, 4 }, "m3", new double[] { 5, 6 });
        Map<String, double[]> y = Map.of("m1", new double[] { 10, 20 }, "m2", new double[] { 30, 40 }, "m3", new double[] { 50, 60 });
        Map<String, double[]> sum = Map.of("m1", new double[] { 11, 22 }, "m2", new double[] { 33, 44 }, "m3", new double[] { 55, 66 });
        Map<String, double[]> ax = plan.attribute(x);
        Map<String, double[]> ay = plan.attribute(y);
        plan.attribute(sum).forEach((d, v) -> assertThat(v).containsExactly(new double[] { ax.get(d)[0] + ay.get(d)[0],
                ax.get(d)[1] + ay.get(d)[1] }, within(EPS)));
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put("root", null);
        parents.put("services", "root");
        parents.put("admin", "services");
        parents.put("it", "services");
        DepartmentTree tree = new DepartmentTree(parents);
        Map<String, double[]> rolled = tree.rollUp(ax, 2);
        assertThat(rolled.get("admin")).containsExactly(1, 2);
        assertThat(rolled.get("services")).containsExactly(4, 6);
        assertThat(rolled.get("root")).containsExactly(9, 12);
        assertThat(tree.rollUp(Map.of("admin", 120.0, "it", 80.0, "root", 50.0))).containsEntry("services", 200.0)
                .containsEntry("root", 250.0);
    }

    @Test
    void unassignedMetersKeepTheTotal() {
        LocalDate d1 = LocalDate.of(2026, 1, 1);
        Attribution plan = Attribution.plan(d1, d1.plusDays(1), java.util.Collections.singletonMap("m", null), List.of(), List.of(),
                new DepartmentFacts(List.of()));
        assertThat(plan.attribute(Map.of("m", new double[] { 7 }, "unknown", new double[] { 3 })).get(Attribution.UNASSIGNED))
                .containsExactly(10);
    }

    @Test
    void forecastIsUsageToDatePlusMeanOfTheLastSevenDaysTimesDaysLeft() {
        YearMonth march = YearMonth.of(2026, 3);
        double[] daily = new double[31];
        for (int d = 0; d < 31; d++) {
            daily[d] = d < 10 ? 10 : 20; // 10/day on the 1st-10th, 20/day after
        }
        // On the 13th: 12 complete days: 10*10 + 2*20 = 140; last 7 = 5*10 + 2*20 = 90 -> mean 90/7; 19 days left.
        QuotaForecast.Status s = QuotaForecast.status(march, 500, daily, LocalDate.of(2026, 3, 13));
        assertThat(s.completeDays()).isEqualTo(12);
        assertThat(s.used()).isEqualTo(140);
        assertThat(s.forecast()).isCloseTo(140 + 90.0 / 7 * 19, within(EPS)); // 384.2857...
        assertThat(s.crossed()).isFalse();
        assertThat(s.forecastToCross()).isFalse();
        QuotaForecast.Status later = QuotaForecast.status(march, 300, daily, LocalDate.of(2026, 3, 20));
        assertThat(later.used()).isEqualTo(100 + 9 * 20); // 280
        assertThat(later.forecast()).isCloseTo(280 + 20 * 12, within(EPS)); // 520
        assertThat(later.forecastToCross()).isTrue();
        assertThat(later.crossed()).isFalse();
        QuotaForecast.Status over = QuotaForecast.status(march, 300, daily, LocalDate.of(2026, 4, 2));
        assertThat(over.used()).isEqualTo(100 + 21 * 20);
        assertThat(over.forecast()).isEqualTo(over.used());
        assertThat(over.crossed()).isTrue();
        assertThat(QuotaForecast.status(march, 300, daily, LocalDate.of(2026, 3, 1)).forecast()).isZero();
    }

    @Test
    void scorecardRanksSiblingsByUsePerSquareMetreWithMonthAndYearChanges() {
        Map<String, Scorecard.Inputs> in = new LinkedHashMap<>();
        in.put("root", new Scorecard.Inputs(null, 2700, 1950, 1950, null, 950, 35)); // 2.84/m2, alone at its level
        in.put("a", new Scorecard.Inputs("root", 1200, 1000, 1500, 1000.0, 400, 20)); // 3/m2
        in.put("b", new Scorecard.Inputs("root", 500, 0, 400, null, 250, 0)); // 2/m2
        in.put("c", new Scorecard.Inputs("root", 900, 900, 0, 1200.0, 300, 10)); // 3/m2
        in.put("d", new Scorecard.Inputs("root", 100, 50, 50, null, 0, 5)); // no area
        List<Scorecard.Row> rows = Scorecard.of(in);
        assertThat(rows).extracting(Scorecard.Row::departmentId).containsExactly("root", "b", "a", "c", "d");
        assertThat(rows).extracting(Scorecard.Row::rank).containsExactly(1, 1, 2, 2, null);
        rows = rows.subList(1, rows.size());
        Scorecard.Row a = rows.get(1);
        assertThat(a.useOfQuota()).isCloseTo(1.2, within(EPS));
        assertThat(a.perM2()).isCloseTo(3, within(EPS));
        assertThat(a.perPerson()).isCloseTo(60, within(EPS));
        assertThat(a.monthOnMonth()).isCloseTo(0.2, within(EPS));
        assertThat(a.yearOnYear()).isCloseTo(-0.2, within(EPS));
        assertThat(rows.get(0).monthOnMonth()).isNull();
        assertThat(rows.get(0).perPerson()).isNull();
        assertThat(rows.get(2).yearOnYear()).isNull();
        assertThat(rows.get(2).monthOnMonth()).isZero();
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
