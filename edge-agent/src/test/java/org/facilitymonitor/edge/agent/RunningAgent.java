package org.facilitymonitor.edge.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.SeqStore;
import org.facilitymonitor.edge.simulate.FaultCommand;
import org.facilitymonitor.edge.simulate.ScheduledFaults;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/** One agent on the demo office building's 21 points, in this JVM on its own thread, against a test broker. */
final class RunningAgent implements AutoCloseable {

    static final String SITE = "demo-campus";

    final DiskQueue queue;
    final PahoBrokerConnection connection;
    final Agent agent;
    final Simulator simulator;
    final Thread thread;
    private boolean closed;

    /** What the tests vary; the rest is the agent's usual wiring. */
    record Options(Duration period, int maxInflight, double drainRate, Duration historicalAfter,
            DiskQueue.Options queue, boolean faultCommands, Receipts receipts) {
    }

    RunningAgent(Path dir, MosquittoStack.Broker broker, String edge, Options o) throws Exception {
        broker.addUser(edge, "pw-" + edge);
        SiteDescription site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
        AgentClock clock = AgentClock.realTime(Clock.systemUTC());
        simulator = new Simulator(site, List.of("office"), 3, clock.millis());
        queue = DiskQueue.open(dir.resolve(edge + "/queue"), o.queue());
        SeqStore seqs = SeqStore.open(dir.resolve(edge + "/seq"), clock, 1000);
        connection = new PahoBrokerConnection(MqttSettings.of(broker.url(), edge, edge, "pw-" + edge)
                .withStateTopic(ContractV1.stateTopic(SITE, edge)).withConnectTimeout(Duration.ofSeconds(30))
                .withMaxInflight(o.maxInflight()));
        agent = new Agent(new ScheduledFaults(simulator, List.of()), new Agent.Settings(SITE, edge, o.period(),
                PointSchedule.everyTick(o.period()), o.maxInflight(), o.drainRate(), o.historicalAfter(),
                Duration.ofSeconds(1), Duration.ofSeconds(3), o.receipts()), queue, seqs, connection, clock);
        if (o.faultCommands()) {
            agent.onCommand("fault", p -> FaultCommand.parse(p).applyTo(simulator));
        }
        thread = new Thread(() -> {
            try {
                agent.run(null, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "agent-" + edge);
        thread.start();
    }

    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        thread.join(20_000);
        connection.close();
        queue.close();
    }
}
