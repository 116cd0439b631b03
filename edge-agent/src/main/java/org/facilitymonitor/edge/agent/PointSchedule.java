package org.facilitymonitor.edge.agent;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Reading;

/**
 * Which readings of a tick to keep: every point at the base period unless a rule (first match
 * wins, glob on the point id) gives it a longer period, a multiple of the base, or turns it off.
 */
public final class PointSchedule {

    /** @param period null turns matching points off */
    public record Rule(String match, Duration period) {
    }

    private final long basePeriodMs;
    private final List<Rule> rules;
    private final List<PathMatcher> matchers = new ArrayList<>();
    private final Map<String, Long> periodByPoint = new HashMap<>();

    public PointSchedule(Duration basePeriod, List<Rule> rules) {
        this.basePeriodMs = basePeriod.toMillis();
        this.rules = List.copyOf(rules);
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String where = "sampling.points[" + i + "]";
            if (r.match() == null || r.match().isBlank()) {
                throw new IllegalArgumentException(where + ".match: required (a glob on point ids, e.g. office-*-energy)");
            }
            if (r.period() != null) {
                long ms = r.period().toMillis();
                if (ms <= 0 || ms % basePeriodMs != 0) {
                    throw new IllegalArgumentException(where + ".period: " + r.period()
                            + " is not a positive multiple of sampling.period " + basePeriod);
                }
            }
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + r.match()));
        }
    }

    public static PointSchedule everyTick(Duration basePeriod) {
        return new PointSchedule(basePeriod, List.of());
    }

    /** The readings of the tick at {@code ts} whose point is due then. */
    public List<Reading> due(long ts, List<Reading> sample) {
        if (rules.isEmpty()) {
            return sample;
        }
        List<Reading> out = new ArrayList<>(sample.size());
        for (Reading r : sample) {
            long period = periodByPoint.computeIfAbsent(r.point(), this::periodOf);
            if (period > 0 && Math.floorMod(ts, period) == 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** The period of a point in ms, 0 when off. */
    long periodOf(String point) {
        Path asPath = Path.of(point);
        for (int i = 0; i < rules.size(); i++) {
            if (matchers.get(i).matches(asPath)) {
                Duration p = rules.get(i).period();
                return p == null ? 0 : p.toMillis();
            }
        }
        return basePeriodMs;
    }
}
