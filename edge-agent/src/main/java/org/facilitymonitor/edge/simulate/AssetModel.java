package org.facilitymonitor.edge.simulate;

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

    AssetModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        this.asset = asset;
        this.profile = profile;
        this.random = random;
        this.index = index;
    }

    /** Advances by {@code dtHours} (0 on the first tick) and puts the values of this tick. */
    abstract void step(Conditions c, double dtHours, Map<String, Object> values);

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
