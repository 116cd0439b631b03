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
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Building;
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
import org.facilitymonitor.energy.costs.EnergyPrices;
import org.facilitymonitor.energy.tariffs.TariffCalculator;
import org.facilitymonitor.energy.tariffs.TariffVersion;
import org.facilitymonitor.energy.waste.WasteFinder.Opportunity;
import org.facilitymonitor.energy.weather.WeatherService;

/**
 * A site's energy waste, ranked: {@link WasteFinder}'s opportunities for every main energy meter and
 * building, from the hourly rollups ({@code consumption_1h}) of the last 16 weeks and the daily use
 * and weather of the last year, with the yearly kWh priced at the site's tariff. Comparing a
 * building with its peers reads the buildings of the same use type of every site; only their median
 * reaches the answer.
 */
@ApplicationScoped
public class WasteService {

    static final int CREEP_WEEKS = 4;
    static final int CREEP_WEEKS_APART = 12;
    private static final EnumSet<Carrier> ENERGY = EnumSet.of(Carrier.ELECTRICITY, Carrier.GAS, Carrier.HEAT);

    /**
     * {@code pointId}, {@code assetId} and {@code assetName} are null for what a whole building shows;
     * {@code costBasis}: {@code energy} (the kWh at the tariff) or {@code demand} (a peak's reduction at
     * the demand charge, 12 months), null when not priced.
     */
    public record OpportunityView(int rank, String kind, String pointId, String assetId, String assetName, String buildingId,
                                  String carrier, double yearlyKwh, BigDecimal yearlyCost, String currency, String costBasis,
                                  String evidence) {
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
    EnergyPrices prices;
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
        Map<String, double[]> windowKwh = new HashMap<>();
        long[] windowMs = null;
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
            windowMs = Arrays.copyOfRange(hourMs, windowStart, hoursTotal);
            hourly.kwh().forEach((point, kwh) -> windowKwh.put(point, Arrays.copyOfRange(kwh, windowStart, hoursTotal)));
            for (Meter m : mains) {
                double[] kwh = hourly.kwh().get(m.pointId());
                if (kwh == null) {
                    notes.add(m.pointId() + ": no hourly figures since " + hourlyFrom);
                    continue;
                }
                WasteFinder.afterHours(m.pointId(), windowMs, windowKwh.get(m.pointId()), zone, hours, window).ifPresent(found::add);
                WasteFinder.baseLoadCreep(m.pointId(), Arrays.copyOfRange(kwh, recentStart, hoursTotal),
                        Arrays.copyOfRange(kwh, 0, earlierEnd), CREEP_WEEKS_APART).ifPresent(found::add);
                if (carrier == Carrier.ELECTRICITY) {
                    WasteFinder.peakDemand(m.pointId(), windowMs, windowKwh.get(m.pointId()), zone,
                            Math.max(1.0, config.peakFactor()), window).ifPresent(found::add);
                }
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
        SiteAssets assets = siteAssets(site);
        if (windowMs != null) {
            simultaneousHeatingCooling(model, assets, windowMs, windowKwh, zone, window, found, notes);
        }
        peerBaseLoad(model, assets, windowKwh, from, to, found, notes);
        return view(site, model, from, to, hours, meters, found, notes);
    }

    /** The site's assets by id, and its buildings that have a use type and floor area. */
    record SiteAssets(Map<String, Asset> byId, List<Building> comparable) {

        String buildingOf(Meter m) {
            Asset a = byId.get(m.assetId());
            return a == null ? null : a.buildingId;
        }

        String kindOf(Meter m) {
            Asset a = byId.get(m.assetId());
            return a == null ? null : a.kind;
        }
    }

    @Transactional
    SiteAssets siteAssets(String site) {
        Map<String, Asset> byId = new HashMap<>();
        Asset.<Asset>list("siteId", site).forEach(a -> byId.put(a.id, a));
        return new SiteAssets(byId, Building.list("siteId = ?1 and useType is not null and floorAreaM2 is not null", site));
    }

    @Transactional
    List<Building> comparableBuildings(Set<String> useTypes) {
        return Building.list("useType in ?1 and floorAreaM2 is not null", useTypes);
    }

    /**
     * Per building: heating meters (on assets of a heating kind; without any, the main gas and heat
     * meters) and cooling meters (on assets of a cooling kind), each set summed hour by hour; a meter
     * below another of its set is left out, so nothing counts twice.
     */
    private void simultaneousHeatingCooling(SiteModel model, SiteAssets assets, long[] windowMs, Map<String, double[]> windowKwh,
                                            ZoneId zone, int window, List<Opportunity> found, List<String> notes) {
        Map<String, List<Meter>> byBuilding = new TreeMap<>();
        for (Meter m : model.meters()) {
            String building = assets.buildingOf(m);
            if (building != null && ENERGY.contains(m.carrier())) {
                byBuilding.computeIfAbsent(building, b -> new ArrayList<>()).add(m);
            }
        }
        byBuilding.forEach((building, meters) -> {
            List<Meter> cooling = outermost(meters.stream().filter(m -> config.coolingAssetKinds().contains(assets.kindOf(m))).toList());
            List<Meter> heating = outermost(meters.stream().filter(m -> config.heatingAssetKinds().contains(assets.kindOf(m))).toList());
            if (heating.isEmpty()) {
                heating = meters.stream().filter(m -> m.parentPointId() == null && m.carrier() != Carrier.ELECTRICITY).toList();
            }
            if (cooling.isEmpty() || heating.isEmpty()) {
                return;
            }
            Set<Carrier> coolingCarriers = EnumSet.noneOf(Carrier.class);
            cooling.forEach(m -> coolingCarriers.add(m.carrier()));
            Carrier priced = coolingCarriers.size() == 1 ? coolingCarriers.iterator().next() : null;
            Optional<Opportunity> o = WasteFinder.simultaneousHeatingCooling(building, priced, windowMs,
                    sum(heating, windowKwh, windowMs.length), sum(cooling, windowKwh, windowMs.length), zone, window);
            if (o.isPresent()) {
                found.add(o.get());
            } else if (WasteFinder.baseLoad(sum(heating, windowKwh, windowMs.length)).isEmpty()
                    || WasteFinder.baseLoad(sum(cooling, windowKwh, windowMs.length)).isEmpty()) {
                notes.add(building + ": heating or cooling has less than a week of hourly figures in the window"
                        + " (no check of simultaneous heating and cooling)");
            }
        });
    }

    private static List<Meter> outermost(List<Meter> meters) {
        Set<String> points = new HashSet<>();
        meters.forEach(m -> points.add(m.pointId()));
        return meters.stream().filter(m -> m.parentPointId() == null || !points.contains(m.parentPointId())).toList();
    }

    /** The meters' kWh summed per hour; NaN where any of them has no figure. */
    private static double[] sum(List<Meter> meters, Map<String, double[]> kwh, int hours) {
        double[] total = new double[hours];
        for (Meter m : meters) {
            double[] v = kwh.get(m.pointId());
            for (int h = 0; h < hours; h++) {
                total[h] += v == null ? Double.NaN : v[h];
            }
        }
        return total;
    }

    /**
     * The site's buildings with a use type and floor area against every such building of the platform:
     * each building's base load is the sum of its main electricity meters' (all with a week of figures
     * in the window), the same days in each site's zone.
     */
    private void peerBaseLoad(SiteModel model, SiteAssets assets, Map<String, double[]> windowKwh, LocalDate from, LocalDate to,
                              List<Opportunity> found, List<String> notes) {
        if (assets.comparable().isEmpty()) {
            return;
        }
        Set<String> useTypes = new HashSet<>();
        assets.comparable().forEach(b -> useTypes.add(b.useType));
        Map<String, List<Building>> bySite = new TreeMap<>();
        comparableBuildings(useTypes).forEach(b -> bySite.computeIfAbsent(b.siteId, s -> new ArrayList<>()).add(b));
        List<WasteFinder.BuildingBaseLoad> platform = new ArrayList<>();
        bySite.forEach((siteId, buildings) -> {
            boolean own = siteId.equals(model.siteId());
            SiteModel m = own ? model : registry.site(siteId);
            Map<String, Asset> siteAssets = own ? assets.byId() : siteAssets(siteId).byId();
            Map<String, double[]> kwh = own ? windowKwh
                    : hourlyUse.read(siteId, Carrier.ELECTRICITY, from, to, m.zone()).kwh();
            for (Building b : buildings) {
                baseLoadOf(b, m, siteAssets, kwh).ifPresent(platform::add);
            }
        });
        for (Building b : assets.comparable()) {
            Optional<WasteFinder.BuildingBaseLoad> own = platform.stream().filter(p -> p.buildingId().equals(b.id)).findFirst();
            if (own.isEmpty()) {
                notes.add(b.id + ": no base load per m² (no main electricity meter with a week of hourly figures in the window)");
                continue;
            }
            long peers = platform.stream().filter(p -> p.useType().equals(b.useType) && !p.buildingId().equals(b.id)).count();
            if (peers < WasteFinder.MIN_PEERS) {
                notes.add(b.id + ": " + peers + " other " + b.useType + " building(s) with a floor area and hourly figures;"
                        + " comparing the base load with peers needs " + WasteFinder.MIN_PEERS);
                continue;
            }
            WasteFinder.peerBaseLoad(own.get(), platform).ifPresent(found::add);
        }
    }

    private static Optional<WasteFinder.BuildingBaseLoad> baseLoadOf(Building b, SiteModel model, Map<String, Asset> assets,
                                                                     Map<String, double[]> kwh) {
        List<Meter> mains = model.meters().stream().filter(m -> m.carrier() == Carrier.ELECTRICITY && m.parentPointId() == null
                && assets.containsKey(m.assetId()) && b.id.equals(assets.get(m.assetId()).buildingId)).toList();
        if (mains.isEmpty()) {
            return Optional.empty();
        }
        double total = 0;
        for (Meter m : mains) {
            double[] v = kwh.get(m.pointId());
            OptionalDouble base = v == null ? OptionalDouble.empty() : WasteFinder.baseLoad(v);
            if (base.isEmpty()) {
                return Optional.empty();
            }
            total += base.getAsDouble();
        }
        return Optional.of(new WasteFinder.BuildingBaseLoad(b.id, b.useType, b.floorAreaM2, total));
    }

    @Transactional
    WasteView view(String site, SiteModel model, LocalDate from, LocalDate to, WasteFinder.OperatingHours hours, int meters,
                   List<Opportunity> found, List<String> notes) {
        Map<Carrier, Optional<EnergyPrices.KwhPrice>> priced = new HashMap<>();
        Map<String, Meter> byPoint = new HashMap<>();
        model.meters().forEach(m -> byPoint.put(m.pointId(), m));
        List<Opportunity> ranked = new ArrayList<>(found);
        ranked.sort(Comparator.comparingDouble(Opportunity::yearlyKwh).reversed());
        List<OpportunityView> out = new ArrayList<>();
        double total = 0;
        LocalDate lastDay = to.minusDays(1);
        for (Opportunity o : ranked) {
            Meter m = o.pointId() == null ? null : byPoint.get(o.pointId());
            Asset a = m == null ? null : Asset.findById(m.assetId());
            Carrier carrier = o.carrier() != null ? o.carrier() : m == null ? null : m.carrier();
            BigDecimal cost = null;
            String currency = null;
            String costBasis = null;
            if (carrier != null) {
                Optional<EnergyPrices.KwhPrice> t = priced.computeIfAbsent(carrier, c -> prices.forSite(site, c));
                if (t.isPresent()) {
                    BigDecimal demandCharge = demandChargePerKw(t.get().tariff().calculator(), lastDay);
                    if (o.kind() == WasteFinder.Kind.PEAK_DEMAND && demandCharge.signum() > 0) {
                        cost = BigDecimal.valueOf(o.peakReductionKw()).multiply(demandCharge).multiply(BigDecimal.valueOf(12));
                        costBasis = "demand";
                    } else {
                        cost = t.get().ofDay(lastDay, o.yearlyKwh());
                        costBasis = cost == null ? null : "energy";
                    }
                    if (cost != null) {
                        cost = cost.setScale(2, RoundingMode.HALF_UP);
                        currency = t.get().currency();
                    }
                }
            }
            total += o.yearlyKwh();
            out.add(new OpportunityView(out.size() + 1, o.kind().name(), o.pointId(), m == null ? null : m.assetId(),
                    a == null ? null : a.name, o.buildingId() != null ? o.buildingId() : a == null ? null : a.buildingId,
                    carrier == null ? null : carrier.name(), o.yearlyKwh(), cost, currency, costBasis, o.evidence()));
        }
        return new WasteView(site, from, to, hours.toString(), meters, total, out, notes);
    }

    private static BigDecimal demandChargePerKw(TariffCalculator calculator, LocalDate day) {
        TariffVersion version = calculator.versionOn(day);
        BigDecimal charge = version == null ? null : version.definition().demandChargePerKw();
        return charge == null ? BigDecimal.ZERO : charge;
    }
}
