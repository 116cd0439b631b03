package org.facilitymonitor.edge.simulate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/** What every model of one tick shares: local time, weather, heating and cooling demand. */
public final class Conditions {

    private static final double DAY_MS = 86_400_000.0;

    private final long ts;
    private final ZonedDateTime local;
    private final double outdoorC;

    private Conditions(long ts, ZonedDateTime local, double outdoorC) {
        this.ts = ts;
        this.local = local;
        this.outdoorC = outdoorC;
    }

    /** Builds the conditions of tick {@code ts} from the weather of {@code climate}. */
    static Conditions at(long ts, ZoneId zone, Climate climate) {
        ZonedDateTime local = Instant.ofEpochMilli(ts).atZone(zone);
        return new Conditions(ts, local, climate.outdoorC(ts, local));
    }

    public long ts() {
        return ts;
    }

    public ZonedDateTime local() {
        return local;
    }

    public double outdoorC() {
        return outdoorC;
    }

    public double occupancy(Profile p) {
        return p.occupancy(local);
    }

    /** Space heating load 0..1: none above 16 °C outdoors, full at -12 °C. */
    public double heatingDemand() {
        return clamp((16 - outdoorC) / 28, 0, 1);
    }

    /** The office chiller runs in occupied hours when free cooling is not enough. */
    public boolean coolingOn(Profile p) {
        return outdoorC > 12 && occupancy(p) > 0.3;
    }

    /** Cooling load 0.2..1 while the chiller runs. */
    public double coolingLoad() {
        return clamp(0.2 + (outdoorC - 12) / 18, 0.2, 1);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * Outdoor temperature: a seasonal mean (about 0.5 °C mid-January, 19.5 °C mid-July), a daily
     * swing peaking mid-afternoon, and weather that wanders over days. Stateless, so the same
     * instant always has the same temperature whatever the sample period.
     */
    static final class Climate {
        private final double phase1;
        private final double phase2;

        Climate(long seed) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
            phase1 = r.nextDouble(2 * Math.PI);
            phase2 = r.nextDouble(2 * Math.PI);
        }

        double outdoorC(long ts, ZonedDateTime local) {
            double doy = local.getDayOfYear();
            double seasonal = 10 - 9.5 * Math.cos(2 * Math.PI * (doy - 15) / 365.25);
            double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
            double daily = 4 * Math.sin(2 * Math.PI * (hour - 9) / 24);
            double days = ts / DAY_MS;
            double weather = 2.0 * Math.sin(2 * Math.PI * days / 3.7 + phase1)
                    + 0.6 * Math.sin(2 * Math.PI * days / 0.41 + phase2);
            return seasonal + daily + weather;
        }
    }
}
