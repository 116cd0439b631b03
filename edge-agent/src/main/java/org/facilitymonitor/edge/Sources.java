package org.facilitymonitor.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.replay.CsvReplaySource;
import org.facilitymonitor.edge.replay.ReplaySpec;
import java.util.function.Consumer;
import org.facilitymonitor.edge.agent.AgentClock;
import org.facilitymonitor.edge.agent.ReadingSource;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.config.ResolvedConfig;
import org.facilitymonitor.edge.simulate.FaultCommand;
import org.facilitymonitor.edge.simulate.FaultSpec;
import org.facilitymonitor.edge.simulate.FaultType;
import org.facilitymonitor.edge.simulate.ScheduledFaults;
import org.facilitymonitor.edge.simulate.Backfill;
import org.facilitymonitor.edge.replay.RecordedReplay;
import org.facilitymonitor.edge.agent.HistorySource;
import org.facilitymonitor.edge.agent.HistoryProgress;
import java.nio.file.Path;
import java.time.Instant;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/** Builds the configured reading source and the commands it answers. */
final class Sources {

    /** @param history null, or the past to queue before live sampling, with where its progress is kept */
    record Built(ReadingSource source, String description, Map<String, Consumer<byte[]>> commands,
                 HistorySource history, HistoryProgress historyProgress) {
        Built(ReadingSource source, String description, Map<String, Consumer<byte[]>> commands) {
            this(source, description, commands, null, null);
        }
    }

    static final String BACKFILL_PROGRESS = "backfill-progress.json";
    static final String REPLAY_PROGRESS = "replay-progress.json";

    private Sources() {
    }

    static Built create(ResolvedConfig config, AgentClock clock) {
        if (config.simulate() != null) {
            return simulator(config, clock);
        }
        return replay(config, clock);
    }

    private static Built replay(ResolvedConfig config, AgentClock clock) {
        List<ReplaySpec> specs = new ArrayList<>();
        List<ReplaySpec> recorded = new ArrayList<>();
        List<Long> shifts = new ArrayList<>();
        for (ResolvedConfig.Replay r : config.replay()) {
            try {
                ReplaySpec spec = new ReplaySpec(r.file(), r.timeColumn(), r.valueColumn(), r.point(), r.speed(),
                        r.startRegister(), r.scale());
                if (r.recorded()) {
                    recorded.add(spec);
                    shifts.add(r.shift().toMillis());
                } else {
                    specs.add(spec);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(r.where() + "." + e.getMessage(), e);
            }
        }
        Built live = specs.isEmpty() ? new Built(new ReadingSource() {
            @Override
            public List<Reading> readingsAt(long epochMillis) {
                return List.of();
            }

            @Override
            public boolean finished() {
                return true;
            }
        }, "no replay at agent time", Map.of()) : liveReplay(specs, clock);
        if (recorded.isEmpty()) {
            return live;
        }
        RecordedReplay history = RecordedReplay.open(recorded, shifts);
        HistoryProgress progress = HistoryProgress.load(config.queue().dir().resolve(REPLAY_PROGRESS), history.firstTs());
        return new Built(live.source(), "replaying " + recorded.size() + " recorded series at their own timestamps onto "
                + recorded.stream().map(ReplaySpec::point).toList() + (specs.isEmpty() ? "" : "; " + live.description()),
                Map.of(), history, progress);
    }

    private static Built liveReplay(List<ReplaySpec> specs, AgentClock clock) {
        // checked now (a bad file stops the agent at start), replayed from the first sample on, so the
        // first reading is the start register and last - first is everything replayed
        List<String> points = CsvReplaySource.open(specs, clock.millis()).points();
        ReadingSource source = new ReadingSource() {
            private volatile CsvReplaySource replay;

            @Override
            public List<Reading> readingsAt(long ts) {
                if (replay == null) {
                    replay = CsvReplaySource.open(specs, ts);
                }
                return replay.readingsAt(ts);
            }

            @Override
            public boolean finished() {
                return replay != null && replay.finished();
            }

            @Override
            public Object status() {
                return replay == null ? null : replay.status();
            }
        };
        return new Built(source, "replaying " + specs.size() + " recorded series onto " + points, Map.of());
    }

    private static Built simulator(ResolvedConfig config, AgentClock clock) {
        ResolvedConfig.Simulate s = config.simulate();
        SiteDescription site;
        try {
            site = SiteFiles.load(s.siteFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("simulate.site-file: " + e.getMessage(), e);
        }
        if (!site.site().id().equals(config.site())) {
            throw new IllegalArgumentException("site: '" + config.site() + "' but simulate.site-file " + s.siteFile()
                    + " describes site '" + site.site().id() + "'");
        }
        Simulator simulator;
        try {
            simulator = new Simulator(site, s.buildings(), s.seed(), clock.millis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("simulate." + e.getMessage(), e);
        }
        long start = clock.millis();
        List<ScheduledFaults.Scheduled> schedule = new ArrayList<>();
        for (ResolvedConfig.Fault f : s.faults()) {
            try {
                FaultSpec spec = new FaultSpec(f.asset(), FaultType.parse(f.fault()), f.params());
                // started and stopped before any sample: no effect, but the same checks as at run time
                simulator.startFault(spec);
                simulator.stopFault(spec.asset(), spec.type());
                long due = f.at() != null ? f.at().toEpochMilli() : start + f.after().toMillis();
                schedule.add(new ScheduledFaults.Scheduled(due, spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f.where() + ": " + e.getMessage(), e);
            }
        }
        ScheduledFaults source = new ScheduledFaults(simulator, schedule,
                config.queue().dir().resolve("simulated-registers.json"));
        String what = "simulating " + simulator.pointCount() + " points of "
                + (s.buildings().isEmpty() ? "every building" : "buildings " + s.buildings()) + " (seed " + s.seed()
                + ", " + schedule.size() + " faults scheduled)";
        Map<String, Consumer<byte[]>> commands = Map.of("fault", payload -> FaultCommand.parse(payload).applyTo(simulator));
        if (s.backfill() == null) {
            return new Built(source, what, commands);
        }
        Path progressFile = config.queue().dir().resolve(BACKFILL_PROGRESS);
        if (!HistoryProgress.exists(progressFile) && source.continuesEarlierRun()) {
            java.util.logging.Logger.getLogger(Sources.class.getName()).warning("simulate.backfill: skipped, the meters of "
                    + config.queue().dir() + " have run live before and a backfill cannot go back behind their registers"
                    + " (start with an empty queue.dir to backfill)");
            return new Built(source, what, commands);
        }
        long step = s.backfill().step().toMillis();
        HistoryProgress progress = HistoryProgress.load(progressFile,
                Backfill.align(s.backfill().from().toEpochMilli(), step));
        Simulator past = new Simulator(site, s.buildings(), s.seed(), progress.origin());
        Backfill backfill = new Backfill(past, progress.origin(), step, clock, source::continueFrom);
        return new Built(source, what + "; backfill from " + Instant.ofEpochMilli(progress.origin()) + " every "
                + s.backfill().step(), commands, backfill, progress);
    }
}
