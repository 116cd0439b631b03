package org.facilitymonitor.energy.waste;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.accounting.AccountingRegistry;
import org.facilitymonitor.energy.accounting.DailyConsumption;
import org.facilitymonitor.energy.accounting.Meter;
import org.facilitymonitor.energy.accounting.SiteModel;
import org.facilitymonitor.energy.baseline.BaselineStatistics;
import org.facilitymonitor.energy.baseline.BaselineSufficiency;
import org.facilitymonitor.energy.baseline.CaltrackFitter;
import org.facilitymonitor.energy.baseline.CandidateModel;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.UsagePeriod;
import org.facilitymonitor.energy.baseline.UsagePeriods;
import org.facilitymonitor.energy.tariffs.EvenDayPrice;
import org.facilitymonitor.energy.tariffs.TariffService;
import org.facilitymonitor.energy.waste.WasteFinder.Opportunity;
import org.facilitymonitor.energy.weather.WeatherService;

/**
 * A site's energy waste, ranked: {@link WasteFinder}'s opportunities for every main energy meter,
 * from the hourly rollups ({@code consumption_1h}) of the last 16 weeks and the daily use and
 * weather of the last year, with the yearly kWh priced at the site's tariff.
 */
@ApplicationScoped
public class WasteService {

    static final int CREEP_WEEKS = 4;
    static final int CREEP_WEEKS_APART = 12;
    private static final EnumSet<Carrier> ENERGY = EnumSet.of(Carrier.ELECTRICITY, Carrier.GAS, Carrier.HEAT);

    public record OpportunityView(int rank, String kind, String pointId, String assetId, String assetName, String buildingId,
                                  String carrier, double yearlyKwh, BigDecimal yearlyCost, String currency, String evidence) {
    }

    public record WasteView(String site, LocalDate from, LocalDate to, String operatingHours, int metersLookedAt,
                            double totalYearlyKwh, List<OpportunityView> opportunities, List<String> notes) {
    }

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    HourlyUse hourlyUse;
    @Inject
    WeatherService weather;
    @Inject
    TariffService tariffs;
    @Inject
    WasteConfig config;
    @Inject
    EnergyAccess access;
    @Inject
    Clock clock;

    /** Opportunities up to {@code to} (exclusive; default today) of a site granted to the caller. */
    public WasteView find(String site, LocalDate toParam) {
        access.site(site);
        return findUnchecked(site, toParam);
    }

    /**
     * {@link #find} without the caller's site check: for background jobs (no user) and the energy
     * report (whose caller checked the site).
     */
    public WasteView findUnchecked(String site, LocalDate toParam) {
        SiteModel model = registry.site(site);
        ZoneId zone = model.zone();
        LocalDate to = toParam != null ? toParam : clock.instant().atZone(zone).toLocalDate();
        int window = Math.max(7, config.windowDays());
        LocalDate from = to.minusDays(window);
        LocalDate hourlyFrom = to.minusWeeks(CREEP_WEEKS + CREEP_WEEKS_APART);
        WasteFinder.OperatingHours hours = new WasteFinder.OperatingHours(config.operatingDays(), config.opens(), config.closes());
        List<Opportunity> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int meters = 0;
        DailyTemperatures temps = null;
        for (Carrier carrier : ENERGY) {
            List<Meter> mains = model.meters().stream().filter(m -> m.carrier() == carrier && m.parentPointId() == null).toList();
            if (mains.isEmpty()) {
                continue;
            }
            meters += mains.size();
            HourlyUse.Hours hourly = hourlyUse.read(site, carrier, hourlyFrom, to, zone);
            long[] hourMs = hourly.startMs();
            int hoursTotal = hourMs.length;
            int windowStart = hourly.indexOf(from.atStartOfDay(zone).toInstant().toEpochMilli());
            int recentStart = hourly.indexOf(to.minusWeeks(CREEP_WEEKS).atStartOfDay(zone).toInstant().toEpochMilli());
            int earlierEnd = hourly.indexOf(to.minusWeeks(CREEP_WEEKS_APART).atStartOfDay(zone).toInstant().toEpochMilli());
            for (Meter m : mains) {
                double[] kwh = hourly.kwh().get(m.pointId());
                if (kwh == null) {
                    notes.add(m.pointId() + ": no hourly figures since " + hourlyFrom);
                    continue;
                }
                WasteFinder.afterHours(m.pointId(), java.util.Arrays.copyOfRange(hourMs, windowStart, hoursTotal),
                        java.util.Arrays.copyOfRange(kwh, windowStart, hoursTotal), zone, hours, window).ifPresent(found::add);
                WasteFinder.baseLoadCreep(m.pointId(), java.util.Arrays.copyOfRange(kwh, recentStart, hoursTotal),
                        java.util.Arrays.copyOfRange(kwh, 0, earlierEnd), CREEP_WEEKS_APART).ifPresent(found::add);
            }
            if (carrier != Carrier.ELECTRICITY) {
                if (temps == null) {
                    temps = weather.dailyF(site, to.minusDays(365), to, WeatherService.DayBoundary.LOCAL);
                }
                Map<String, double[]> daily = consumption.dailyEnergyKwh(site, carrier, to.minusDays(365), to);
                CaltrackFitter fitter = new CaltrackFitter(CaltrackFitter.Settings.daily().withoutCooling());
                for (Meter m : mains) {
                    double[] use = daily.get(m.pointId());
                    if (use == null) {
                        continue;
                    }
                    List<UsagePeriod> year = UsagePeriods.daily(to.minusDays(365), use, temps);
                    BaselineSufficiency.Result s = BaselineSufficiency.check(year);
                    if (!s.passed()) {
                        notes.add(m.pointId() + ": no heating model (" + s.reasons() + ")");
                        continue;
                    }
                    CandidateModel cm = fitter.fit(year).selected();
                    if (cm == null) {
                        continue;
                    }
                    BaselineStatistics stats = BaselineStatistics.of(cm, year);
                    WasteFinder.heatingAboveBalancePoint(m.pointId(), year, cm, stats).ifPresent(found::add);
                }
            }
        }
        return view(site, model, from, to, hours, meters, found, notes);
    }

    @Transactional
    WasteView view(String site, SiteModel model, LocalDate from, LocalDate to, WasteFinder.OperatingHours hours, int meters,
                   List<Opportunity> found, List<String> notes) {
        Map<Carrier, Optional<TariffService.SiteTariff>> priced = new HashMap<>();
        Map<String, Meter> byPoint = new HashMap<>();
        model.meters().forEach(m -> byPoint.put(m.pointId(), m));
        List<Opportunity> ranked = new ArrayList<>(found);
        ranked.sort(Comparator.comparingDouble(Opportunity::yearlyKwh).reversed());
        List<OpportunityView> out = new ArrayList<>();
        double total = 0;
        for (Opportunity o : ranked) {
            Meter m = byPoint.get(o.pointId());
            Asset a = Asset.findById(m.assetId());
            BigDecimal cost = null;
            String currency = null;
            if (m.carrier() != Carrier.GAS) {
                Optional<TariffService.SiteTariff> t = priced.computeIfAbsent(m.carrier(), c -> tariffs.siteTariff(site, c));
                if (t.isPresent()) {
                    cost = EvenDayPrice.of(t.get().calculator(), to.minusDays(1), o.yearlyKwh()).setScale(2, RoundingMode.HALF_UP);
                    currency = t.get().currency();
                }
            }
            total += o.yearlyKwh();
            out.add(new OpportunityView(out.size() + 1, o.kind().name(), o.pointId(), m.assetId(), a == null ? null : a.name,
                    a == null ? null : a.buildingId, m.carrier().name(), o.yearlyKwh(), cost, currency, o.evidence()));
        }
        return new WasteView(site, from, to, hours.toString(), meters, total, out, notes);
    }
}
