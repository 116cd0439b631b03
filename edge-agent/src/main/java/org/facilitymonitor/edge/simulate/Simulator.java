package org.facilitymonitor.edge.simulate;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
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
 *
 * <p>Faults ({@link FaultType}) can be started and stopped per asset while sampling, from another
 * thread. They take effect at the next sample and follow simulated time, so the same faults
 * started and stopped between the same samples give the same readings; they change nothing in
 * the other assets.
 */
public final class Simulator implements ReadingSource {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

    private final ZoneId zone;
    private final Conditions.Climate climate;
    private final List<Simulated> assets = new ArrayList<>();
    private final Map<String, Simulated> assetsById = new LinkedHashMap<>();
    private final SiteDescription site;
    /** The buildings simulated, for error messages. */
    private final String buildings;
    private final int pointCount;
    private long lastTs = Long.MIN_VALUE;
    private final Map<String, Double> continueFrom = new HashMap<>();
    private final Set<String> weatherPoints = new HashSet<>();

    /**
     * @param buildings building ids to simulate; empty for all
     * @param start     the first sample time (epoch ms); sets the models' starting state
     */
    public Simulator(SiteDescription site, Collection<String> buildings, long seed, long start) {
        String tz = site.site().timezone();
        this.zone = tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        this.climate = new Conditions.Climate(seed);
        this.site = site;
        Set<String> wanted = Set.copyOf(buildings);
        this.buildings = String.join(", ", wanted.stream().sorted().toList());
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
            Simulated s = new Simulated(asset, model(domain, asset, profile, random, index, start), random);
            if (domain.equals("weather")) {
                asset.points().forEach(p -> weatherPoints.add(p.id()));
            }
            assets.add(s);
            assetsById.put(asset.id(), s);
            points += asset.points().size();
        }
        this.pointCount = points;
    }

    /** The points this simulator produces readings for, in reading order. */
    public List<Point> points() {
        return assets.stream().flatMap(a -> a.asset.points().stream()).toList();
    }

    /** The points of the simulated weather stations (outdoor conditions, which energy baselines need for the past too). */
    public Set<String> weatherPoints() {
        return Set.copyOf(weatherPoints);
    }

    public int pointCount() {
        return pointCount;
    }

    /**
     * Injects a fault from the next sample on. Starting a fault that is already active replaces
     * its parameters from the next sample on; it keeps its start time, and what happens once at
     * the start (a meter reset, the jump below the rollover modulus) does not happen again.
     *
     * @throws IllegalArgumentException if the asset is not simulated here or the fault does not
     *                                  apply to it
     */
    public synchronized void startFault(FaultSpec spec) {
        Simulated s = simulated(spec.asset());
        if (!appliesTo(spec.type(), s)) {
            throw new IllegalArgumentException("fault " + spec.type().id() + " does not apply to asset " + spec.asset()
                    + " (" + s.asset.kind() + "): it applies to " + spec.type().appliesTo());
        }
        ActiveFault running = s.model.faults.get(spec.type());
        s.model.faults.put(spec.type(), new ActiveFault(spec, running == null ? null : running.startedAtTs()));
    }

    /**
     * Ends a fault from the next sample on: a changed filter, a new bearing, a working sensor.
     *
     * @return false if the fault was not active
     * @throws IllegalArgumentException if the asset is not simulated here
     */
    public synchronized boolean stopFault(String asset, FaultType type) {
        Simulated s = simulated(asset);
        ActiveFault stopped = s.model.faults.remove(type);
        // A fault that no sample saw had no effect to undo.
        if (stopped != null && stopped.startedAtTs() != null) {
            s.ended.add(type);
        }
        return stopped != null;
    }

    /** Stops every fault of every asset. */
    public synchronized void clearFaults() {
        for (ActiveFault f : activeFaults()) {
            stopFault(f.asset(), f.type());
        }
    }

    /** The faults in place, by asset in reading order, then by type. */
    public synchronized List<ActiveFault> activeFaults() {
        return assets.stream().flatMap(s -> s.model.faults.values().stream()).toList();
    }

    private Simulated simulated(String asset) {
        Simulated s = assetsById.get(asset);
        if (s != null) {
            return s;
        }
        String building = site.assets().stream().filter(a -> a.id().equals(asset)).map(Asset::building)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "asset: no asset " + asset + " in site " + site.site().id()));
        throw new IllegalArgumentException("asset: " + asset + " is in building " + building
                + ", which this simulator does not simulate (it simulates " + buildings + ")");
    }

    private static boolean appliesTo(FaultType type, Simulated s) {
        return switch (type) {
            case METER_RESET, METER_ROLLOVER -> s.hasPoint(k -> k == PointKind.CUMULATIVE);
            case STUCK_SENSOR -> s.hasPoint(k -> k != PointKind.STATE);
            case OFFLINE -> true;
            default -> s.model.simulates(type);
        };
    }

    /**
     * Makes cumulative points continue from these values (by point id: the last ones a previous
     * run showed) at the next sample, instead of the models' starting registers, so that an agent
     * restart looks like a meter that kept its reading, not like a meter reset. Consumption while
     * the agent was down is not made up.
     */
    public synchronized void continueRegistersFrom(Map<String, Double> lastShown) {
        continueFrom.putAll(lastShown);
    }

    @Override
    public synchronized List<Reading> readingsAt(long ts) {
        if (ts <= lastTs) {
            throw new IllegalArgumentException("ts: samples must move forward, " + ts + " after " + lastTs);
        }
        double dtHours = lastTs == Long.MIN_VALUE ? 0 : (ts - lastTs) / 3_600_000.0;
        lastTs = ts;
        Conditions c = Conditions.at(ts, zone, climate);
        List<Reading> readings = new ArrayList<>(pointCount);
        Map<String, Object> values = new HashMap<>();
        for (Simulated s : assets) {
            s.beginTick(ts);
            values.clear();
            s.model.step(c, dtHours, values);
            boolean offline = s.model.active(FaultType.OFFLINE);
            for (Point p : s.asset.points()) {
                Object v = values.get(p.field());
                if (v == null) {
                    v = s.fallback(p, dtHours);
                }
                if (p.kind() == PointKind.CUMULATIVE) {
                    v = s.register(p, ((Number) v).doubleValue(), ts, continueFrom.remove(p.id()));
                }
                v = s.stuck(p, normalize(p, v), ts);
                if (!offline) {
                    readings.add(new Reading(p.id(), ts, v));
                }
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
        /** Faults stopped since the last tick, after a tick saw them. */
        final Set<FaultType> ended = EnumSet.noneOf(FaultType.class);
        /** What meter resets and rollovers added to the registers, by point id; kept after the fault. */
        final Map<String, Double> registerOffsets = new HashMap<>();
        final Map<String, Object> stuckValues = new HashMap<>();

        Simulated(Asset asset, AssetModel model, SplittableRandom random) {
            this.asset = asset;
            this.model = model;
            this.random = random;
        }

        boolean hasPoint(Predicate<PointKind> kind) {
            return asset.points().stream().anyMatch(p -> kind.test(p.kind()));
        }

        /** Ends the faults stopped since the last tick and starts the new ones at {@code ts}. */
        void beginTick(long ts) {
            for (FaultType type : ended) {
                model.faultEnded(type, ts);
            }
            ended.clear();
            model.faults.replaceAll((type, f) -> f.startedAtTs() == null
                    ? new ActiveFault(f.asset(), f.type(), f.params(), ts) : f);
        }

        /**
         * A register as the meter shows it: the model's value moved by resets and rollovers, and
         * on the first tick after a restart by what makes it continue from {@code continueAt}.
         */
        double register(Point p, double modelValue, long ts, Double continueAt) {
            double offset = continueAt != null ? continueAt - modelValue : registerOffsets.getOrDefault(p.id(), 0.0);
            ActiveFault reset = model.faults.get(FaultType.METER_RESET);
            if (reset != null && reset.startedAt(ts)) {
                offset = -modelValue;
            }
            ActiveFault rollover = model.faults.get(FaultType.METER_ROLLOVER);
            if (rollover != null) {
                double modulus = rollover.param("modulus");
                if (rollover.startedAt(ts)) {
                    offset = modulus - rollover.param("headroom") - modelValue;
                }
                offset -= Math.floor((modelValue + offset) / modulus) * modulus;
            }
            registerOffsets.put(p.id(), offset);
            return modelValue + offset;
        }

        /** {@code v}, or while a sensor is stuck the value of its first tick; states stay live. */
        Object stuck(Point p, Object v, long ts) {
            ActiveFault f = model.faults.get(FaultType.STUCK_SENSOR);
            if (f == null || p.kind() == PointKind.STATE) {
                return v;
            }
            if (f.startedAt(ts)) {
                stuckValues.put(p.id(), v);
            }
            return stuckValues.get(p.id());
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
