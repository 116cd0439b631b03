package org.facilitymonitor.edge.simulate;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/**
 * The behaviour of one asset: each tick it writes its values by InfluxDB field name. Points whose
 * field a model does not know get a generic value from the simulator.
 */
abstract class AssetModel {

    protected final Asset asset;
    protected final Profile profile;
    protected final SplittableRandom random;
    /** Position among the assets of the same model in the same building (lead/lag, duty/standby). */
    protected final int index;
    /** The faults injected into this asset, kept by the simulator. */
    final Map<FaultType, ActiveFault> faults = new EnumMap<>(FaultType.class);

    AssetModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        this.asset = asset;
        this.profile = profile;
        this.random = random;
        this.index = index;
    }

    /** Advances by {@code dtHours} (0 on the first tick) and puts the values of this tick. */
    abstract void step(Conditions c, double dtHours, Map<String, Object> values);

    /** Whether this model simulates {@code type} itself; the simulator handles the faults of every model. */
    boolean simulates(FaultType type) {
        return false;
    }

    /** Called before the first step after fault {@code type} stopped, at that step's time. */
    void faultEnded(FaultType type, long ts) {
    }

    protected boolean active(FaultType type) {
        return faults.containsKey(type);
    }

    protected double param(FaultType type, String name) {
        return faults.get(type).param(name);
    }

    /**
     * The part of the last {@code dtHours} during which fault {@code type} was active: all of it,
     * or 0 if the fault is not active or starts at this step.
     */
    protected double faultHours(FaultType type, Conditions c, double dtHours) {
        ActiveFault f = faults.get(type);
        return f == null || f.startedAt(c.ts()) ? 0 : dtHours;
    }

    protected boolean hasField(String field) {
        return asset.points().stream().anyMatch(p -> field.equals(p.field()));
    }

    protected double noise(double sigma) {
        return random.nextGaussian() * sigma;
    }

    /** First-order lag: moves {@code current} towards {@code target} with time constant {@code tauHours}. */
    protected static double approach(double current, double target, double dtHours, double tauHours) {
        return target + (current - target) * Math.exp(-dtHours / tauHours);
    }

    /** A large register reading, as on a meter that has been in service for years. */
    protected double initialRegister(double min, double max) {
        return min + random.nextDouble() * (max - min);
    }
}
