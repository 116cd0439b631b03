package org.facilitymonitor.edge.simulate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
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

    private static final Logger LOG = Logger.getLogger(ScheduledFaults.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Simulator simulator;
    private final List<Scheduled> pending;
    private final Path registersFile;
    private final Set<String> cumulativePoints = new HashSet<>();
    private final Map<String, Double> lastRegisters = new TreeMap<>();

    public ScheduledFaults(Simulator simulator, List<Scheduled> schedule) {
        this(simulator, schedule, null);
    }

    /**
     * @param registersFile where the last register of every cumulative point is kept (null: nowhere);
     *                      read at start so that the meters continue across an agent restart
     */
    public ScheduledFaults(Simulator simulator, List<Scheduled> schedule, Path registersFile) {
        this.simulator = simulator;
        this.pending = new ArrayList<>(schedule);
        pending.sort(Comparator.comparingLong(Scheduled::dueTs));
        this.registersFile = registersFile;
        for (Point p : simulator.points()) {
            if (p.kind() == PointKind.CUMULATIVE) {
                cumulativePoints.add(p.id());
            }
        }
        if (registersFile != null) {
            Map<String, Double> saved = readRegisters(registersFile);
            saved.keySet().retainAll(cumulativePoints);
            lastRegisters.putAll(saved);
            simulator.continueRegistersFrom(saved);
            if (!saved.isEmpty()) {
                LOG.info(() -> "simulated meters continue from the " + saved.size() + " registers in " + registersFile);
            }
        }
    }

    private static Map<String, Double> readRegisters(Path file) {
        if (!Files.exists(file)) {
            return new HashMap<>();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<HashMap<String, Double>>() { });
        } catch (IOException e) {
            LOG.warning("simulated registers " + file + " unreadable, meters start from their initial values: " + e);
            return new HashMap<>();
        }
    }

    /** Replaces the file atomically; no fsync: the page cache survives kill -9, and a power loss only restarts the meters. */
    private void writeRegisters() {
        Path tmp = registersFile.resolveSibling(registersFile.getFileName() + ".tmp");
        try {
            Files.createDirectories(registersFile.toAbsolutePath().getParent());
            JSON.writeValue(tmp.toFile(), lastRegisters);
            Files.move(tmp, registersFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warning("could not save simulated registers to " + registersFile + ": " + e);
        }
    }

    /** True when a previous run left registers: the meters have run live before. */
    public boolean continuesEarlierRun() {
        return !lastRegisters.isEmpty();
    }

    /** Makes the live meters continue from these registers (a backfill's last), and keeps them for a restart. */
    public synchronized void continueFrom(Map<String, Double> registers) {
        Map<String, Double> mine = new HashMap<>(registers);
        mine.keySet().retainAll(cumulativePoints);
        lastRegisters.putAll(mine);
        simulator.continueRegistersFrom(mine);
        if (registersFile != null) {
            writeRegisters();
        }
    }

    public Simulator simulator() {
        return simulator;
    }

    @Override
    public synchronized List<Reading> readingsAt(long ts) {
        while (!pending.isEmpty() && pending.get(0).dueTs() <= ts) {
            simulator.startFault(pending.remove(0).spec());
        }
        List<Reading> readings = simulator.readingsAt(ts);
        if (registersFile != null) {
            for (Reading r : readings) {
                if (cumulativePoints.contains(r.point())) {
                    lastRegisters.put(r.point(), ((Number) r.value()).doubleValue());
                }
            }
            writeRegisters();
        }
        return readings;
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
