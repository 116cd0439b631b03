package org.facilitymonitor.edge.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.agent.ReadingSource;
import org.facilitymonitor.edge.contract.Reading;

/**
 * The simulator with faults switched on at set (simulated) times, from the configuration; faults
 * can also be switched at run time by the {@code fault} command. Reports the active faults in the
 * agent's status.
 */
public final class ScheduledFaults implements ReadingSource {

    /** A fault to start once the sample time reaches {@code dueTs}. */
    public record Scheduled(long dueTs, FaultSpec spec) {
    }

    private final Simulator simulator;
    private final List<Scheduled> pending;

    /** Checks every scheduled fault against the simulator now, so a bad one stops the agent at start. */
    public ScheduledFaults(Simulator simulator, List<Scheduled> schedule) {
        this.simulator = simulator;
        this.pending = new ArrayList<>(schedule);
        pending.sort(Comparator.comparingLong(Scheduled::dueTs));
    }

    public Simulator simulator() {
        return simulator;
    }

    @Override
    public synchronized List<Reading> readingsAt(long ts) {
        while (!pending.isEmpty() && pending.get(0).dueTs() <= ts) {
            simulator.startFault(pending.remove(0).spec());
        }
        return simulator.readingsAt(ts);
    }

    @Override
    public Object status() {
        List<Map<String, Object>> faults = new ArrayList<>();
        for (ActiveFault f : simulator.activeFaults()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asset", f.asset());
            m.put("fault", f.type().id());
            m.put("params", f.params());
            m.put("startedAtTs", f.startedAtTs());
            faults.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("faults", faults);
        synchronized (this) {
            out.put("scheduledFaults", pending.size());
        }
        return out;
    }
}
