package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.facilitymonitor.energy.reports.EnergyReport.Change;
import org.facilitymonitor.energy.reports.EnergyReport.Comparison;
import org.facilitymonitor.energy.reports.EnergyReport.ConsumptionRow;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;
import org.facilitymonitor.energy.reports.EnergyReport.Header;
import org.facilitymonitor.energy.reports.EnergyReport.Opportunity;
import org.facilitymonitor.energy.reports.EnergyReport.Quality;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;
import org.facilitymonitor.energy.reports.EnergyReport.SavingsRow;
import org.facilitymonitor.energy.reports.EnergyReport.Scope;
import org.facilitymonitor.energy.reports.EnergyReport.TopConsumer;
import org.facilitymonitor.platform.ProblemException;

/**
 * Builds a report: the meters' figures of the period, of the period before and of the same period
 * a year earlier (from {@code consumption_1d}), departments, costs and quotas from their
 * {@link DepartmentFigures}, {@link CostFigures} and {@link QuotaFigures}, the interventions' savings
 * and the site's waste opportunities from {@link SavingsFigures}. The arithmetic is in the pure
 * {@link #build}.
 */
@ApplicationScoped
public class ReportAssembler {

    @Inject
    ReportRegistry registry;
    @Inject
    MeterFigureReader meterFigures;
    @Inject
    DepartmentFigures departmentFigures;
    @Inject
    CostFigures costFigures;
    @Inject
    QuotaFigures quotaFigures;
    @Inject
    SavingsFigures savingsFigures;
    @Inject
    ReportsConfig config;
    @Inject
    Clock clock;

    /** The figures of one period and of the two it is compared with. */
    record Inputs(List<MeterFigure> current, List<MeterFigure> previousPeriod, List<MeterFigure> previousYear) {
    }

    public EnergyReport assemble(String site, LocalDate from, LocalDate to, ReportLanguage language, Set<String> departments) {
        ReportRegistry.SiteInfo info = registry.site(site).orElseThrow(() -> ProblemException.notFound("site", site));
        ReportScope scope = new ReportScope(site, info.zone(), from, to, departments);
        LocalDate[] previous = previousPeriod(from, to);
        Inputs inputs = new Inputs(meterFigures.read(scope), meterFigures.read(scope.period(previous[0], previous[1])),
                meterFigures.read(scope.period(from.minusYears(1), to.minusYears(1))));
        Header header = new Header(site, info.name(), info.zone().getId(), from, to, language, clock.instant(),
                new TreeSet<>(departments).stream().toList());
        return build(header, scope, inputs, departmentFigures.departments(scope, inputs.current()), costFigures.costs(scope),
                quotaFigures.quotas(scope), registry.buildingNames(site), config.topConsumers(),
                savingsFigures.savings(scope), savingsFigures.opportunities(scope));
    }

    /** The period just before [from, to): as many whole months when it is whole months, else as many days. */
    static LocalDate[] previousPeriod(LocalDate from, LocalDate to) {
        Period p = Period.between(from, to);
        if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1) {
            long months = p.toTotalMonths();
            return new LocalDate[] { from.minusMonths(months), from };
        }
        return new LocalDate[] { from.minusDays(ChronoUnit.DAYS.between(from, to)), from };
    }

    static EnergyReport build(Header header, ReportScope scope, Inputs inputs, List<ConsumptionRow> departments,
            Costs costs, Quotas quotas, Map<String, String> buildingNames, int topConsumers, List<SavingsRow> savings,
            List<Opportunity> opportunities) {
        MeterTree tree = new MeterTree(inputs.current());
        Map<List<String>, Double> buildings = netBy(inputs.current(), MeterFigure::building);
        Map<List<String>, Double> sites = mainsBy(inputs.current(), m -> header.site());
        List<ConsumptionRow> totals = rows(sites, id -> header.siteName());
        List<ConsumptionRow> buildingRows = rows(buildings, id -> buildingNames.getOrDefault(id, id));

        LocalDate[] previous = previousPeriod(scope.from(), scope.to());
        LocalDate yearFrom = scope.from().minusYears(1);
        LocalDate yearTo = scope.to().minusYears(1);
        List<Change> changes = new ArrayList<>();
        addChanges(changes, Scope.SITE, totals, mainsBy(inputs.previousPeriod(), m -> header.site()),
                mainsBy(inputs.previousYear(), m -> header.site()), previous, yearFrom, yearTo);
        addChanges(changes, Scope.BUILDING, buildingRows, netBy(inputs.previousPeriod(), MeterFigure::building),
                netBy(inputs.previousYear(), MeterFigure::building), previous, yearFrom, yearTo);

        return new EnergyReport(header, totals, buildingRows, departments, costs, quotas, changes,
                topConsumers(tree, scope, topConsumers), quality(inputs.current()), savings, opportunities);
    }

    /** Main meters' consumption summed per (scope id, carrier), ordered by id then carrier. */
    private static Map<List<String>, Double> mainsBy(List<MeterFigure> meters, Function<MeterFigure, String> id) {
        Map<List<String>, Double> sums = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1), Carriers.COMPARATOR));
        for (MeterFigure m : new MeterTree(meters).mains()) {
            sums.merge(List.of(id.apply(m), m.carrier()), m.consumption(), Double::sum);
        }
        return sums;
    }

    /**
     * Net consumption (minus sub-meters) summed per (scope id, carrier): a building gets what its own
     * meters measured and no sub-meter's share elsewhere, e.g. the office's water sub-meter of the
     * campus main in the canteen counts for the office, the rest of the main for the canteen.
     */
    private static Map<List<String>, Double> netBy(List<MeterFigure> meters, Function<MeterFigure, String> id) {
        Map<List<String>, Double> sums = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1), Carriers.COMPARATOR));
        MeterTree tree = new MeterTree(meters);
        for (MeterFigure m : meters) {
            sums.merge(List.of(id.apply(m), m.carrier()), tree.net(m), Double::sum);
        }
        return sums;
    }

    private static List<ConsumptionRow> rows(Map<List<String>, Double> sums, Function<String, String> name) {
        List<ConsumptionRow> rows = new ArrayList<>();
        sums.forEach((k, v) -> rows.add(new ConsumptionRow(k.get(0), name.apply(k.get(0)), k.get(1), Carriers.unit(k.get(1)), v)));
        return rows;
    }

    private static void addChanges(List<Change> out, Scope scope, List<ConsumptionRow> current,
            Map<List<String>, Double> previousPeriod, Map<List<String>, Double> previousYear, LocalDate[] previous,
            LocalDate yearFrom, LocalDate yearTo) {
        for (ConsumptionRow row : current) {
            List<String> key = List.of(row.id(), row.carrier());
            out.add(new Change(scope, row.id(), row.name(), row.carrier(), row.unit(), row.consumption(),
                    Comparison.of(previous[0], previous[1], previousPeriod.getOrDefault(key, 0.0), row.consumption()),
                    Comparison.of(yearFrom, yearTo, previousYear.getOrDefault(key, 0.0), row.consumption())));
        }
    }

    private static List<TopConsumer> topConsumers(MeterTree tree, ReportScope scope, int limit) {
        Map<String, List<MeterFigure>> byCarrier = tree.meters().stream().filter(m -> scope.includes(m.department()))
                .collect(Collectors.groupingBy(MeterFigure::carrier, () -> new TreeMap<>(Carriers.COMPARATOR),
                        Collectors.toList()));
        List<TopConsumer> out = new ArrayList<>();
        byCarrier.forEach((carrier, meters) -> {
            List<MeterFigure> ranked = meters.stream()
                    .sorted(Comparator.comparingDouble(tree::net).reversed().thenComparing(MeterFigure::point)).limit(limit)
                    .toList();
            for (int i = 0; i < ranked.size(); i++) {
                MeterFigure m = ranked.get(i);
                out.add(new TopConsumer(i + 1, m.point(), m.asset(), m.assetName(), m.building(), carrier,
                        Carriers.unit(carrier), tree.net(m)));
            }
        });
        return out;
    }

    private static List<Quality> quality(Collection<MeterFigure> meters) {
        Map<String, List<MeterFigure>> byCarrier = meters.stream().collect(Collectors.groupingBy(MeterFigure::carrier,
                () -> new TreeMap<>(Carriers.COMPARATOR), Collectors.toList()));
        Map<String, Quality> out = new LinkedHashMap<>();
        byCarrier.forEach((carrier, list) -> {
            long intervals = list.stream().mapToLong(MeterFigure::intervals).sum();
            long estimated = list.stream().mapToLong(MeterFigure::estimated).sum();
            double coverage = list.stream().mapToDouble(MeterFigure::coverageSum).sum();
            out.put(carrier, new Quality(carrier, list.size(), intervals, estimated,
                    intervals == 0 ? 0 : (double) estimated / intervals, intervals == 0 ? 0 : coverage / intervals));
        });
        return List.copyOf(out.values());
    }
}
