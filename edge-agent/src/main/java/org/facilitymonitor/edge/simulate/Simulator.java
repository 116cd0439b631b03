package org.facilitymonitor.edge.simulate;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.agent.ReadingSource;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Asset;
import org.facilitymonitor.edge.site.Building;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;

/**
 * Plausible readings for every point of some buildings of a site. Deterministic: the same site,
 * buildings, seed, start and sequence of sample times give the same readings. Each asset has its
 * own random stream, so choosing other buildings does not change an asset's values.
 */
public final class Simulator implements ReadingSource {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

    private final ZoneId zone;
    private final Conditions.Climate climate;
    private final List<Simulated> assets = new ArrayList<>();
    private final int pointCount;
    private long lastTs = Long.MIN_VALUE;

    /**
     * @param buildings building ids to simulate; empty for all
     * @param start     the first sample time (epoch ms); sets the models' starting state
     */
    public Simulator(SiteDescription site, Collection<String> buildings, long seed, long start) {
        String tz = site.site().timezone();
        this.zone = tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        this.climate = new Conditions.Climate(seed);
        Set<String> wanted = Set.copyOf(buildings);
        for (String b : wanted) {
            if (site.building(b).isEmpty()) {
                throw new IllegalArgumentException("buildings: no building " + b + " in site " + site.site().id());
            }
        }
        Map<String, Integer> sameKindCount = new HashMap<>();
        int points = 0;
        for (Asset asset : site.assets()) {
            if (!wanted.isEmpty() && !wanted.contains(asset.building())) {
                continue;
            }
            Building building = site.building(asset.building()).orElseThrow();
            Profile profile = Profile.of(building);
            String domain = domain(asset);
            int index = sameKindCount.merge(asset.building() + "/" + domain, 1, Integer::sum) - 1;
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ asset.id().hashCode());
            assets.add(new Simulated(asset, model(domain, asset, profile, random, index, start), random));
            points += asset.points().size();
        }
        this.pointCount = points;
    }

    /** The points this simulator produces readings for, in reading order. */
    public List<Point> points() {
        return assets.stream().flatMap(a -> a.asset.points().stream()).toList();
    }

    public int pointCount() {
        return pointCount;
    }

    @Override
    public List<Reading> readingsAt(long ts) {
        if (ts <= lastTs) {
            throw new IllegalArgumentException("ts: samples must move forward, " + ts + " after " + lastTs);
        }
        double dtHours = lastTs == Long.MIN_VALUE ? 0 : (ts - lastTs) / 3_600_000.0;
        lastTs = ts;
        Conditions c = Conditions.at(ts, zone, climate);
        List<Reading> readings = new ArrayList<>(pointCount);
        Map<String, Object> values = new HashMap<>();
        for (Simulated s : assets) {
            values.clear();
            s.model.step(c, dtHours, values);
            for (Point p : s.asset.points()) {
                Object v = values.get(p.field());
                readings.add(new Reading(p.id(), ts, v == null ? s.fallback(p, dtHours) : normalize(p, v)));
            }
        }
        return readings;
    }

    private static Object normalize(Point p, Object v) {
        if (p.kind() == PointKind.STATE) {
            return v instanceof Boolean b ? b : ((Number) v).doubleValue() > 0.5;
        }
        double d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        // Rounding keeps payloads short; it is monotonic, so registers still never decrease.
        return p.kind() == PointKind.CUMULATIVE ? Math.round(d * 1000) / 1000.0 : Math.round(d * 100) / 100.0;
    }

    private static String domain(Asset asset) {
        Set<String> measurements = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (Point p : asset.points()) {
            measurements.add(p.measurement());
            fields.add(p.field());
        }
        if (measurements.contains("electricity")) {
            return "electricity";
        }
        if (measurements.contains("water")) {
            return "water";
        }
        if (measurements.contains("gas")) {
            return "gas";
        }
        if (measurements.contains("weather")) {
            return "weather";
        }
        if (measurements.contains("heating") && fields.contains("burner_on")) {
            return "boiler";
        }
        if (fields.contains("fan_on") || fields.contains("supply_air_temp_c")) {
            return "ahu";
        }
        if (fields.contains("chiller_on") || fields.contains("cop")) {
            return "chiller";
        }
        if (fields.contains("running") || fields.contains("current_a")) {
            return "pump";
        }
        return "generic";
    }

    private static AssetModel model(String domain, Asset a, Profile p, SplittableRandom r, int index, long start) {
        return switch (domain) {
            case "electricity" -> new ElectricityModel(a, p, r, index);
            case "water" -> new WaterModel(a, p, r, index);
            case "gas" -> new GasModel(a, p, r, index);
            case "weather" -> new WeatherModel(a, p, r, index);
            case "boiler" -> new BoilerModel(a, p, r, index);
            case "ahu" -> new AhuModel(a, p, r, index, start);
            case "chiller" -> new ChillerModel(a, p, r, index);
            case "pump" -> new PumpModel(a, p, r, index);
            default -> new AssetModel(a, p, r, index) {
                @Override
                void step(Conditions c, double dtHours, Map<String, Object> values) {
                }
            };
        };
    }

    private static final class Simulated {
        final Asset asset;
        final AssetModel model;
        final SplittableRandom random;
        final Map<String, Double> registers = new HashMap<>();

        Simulated(Asset asset, AssetModel model, SplittableRandom random) {
            this.asset = asset;
            this.model = model;
            this.random = random;
        }

        /** A value for a point no model knows: a slow counter, a value near 50, or off. */
        Object fallback(Point p, double dtHours) {
            return switch (p.kind()) {
                case STATE -> false;
                case INSTANTANEOUS -> Math.round((50 + random.nextGaussian()) * 100) / 100.0;
                case CUMULATIVE -> Math.round(registers.merge(p.id(), 1_000 + dtHours, (old, x) -> old + dtHours) * 1000)
                        / 1000.0;
            };
        }
    }
}
