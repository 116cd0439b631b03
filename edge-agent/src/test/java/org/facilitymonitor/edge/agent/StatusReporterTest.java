package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status line goes on every interval while the broker is away, also when the connection was
 * lost just as a status publish was handed over (seen in CI: the log's last status said
 * "connected" for a minute while the broker was stopped).
 */
class StatusReporterTest {

    @TempDir
    Path dir;

    private final Logger log = Logger.getLogger(StatusReporter.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private DiskQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = DiskQueue.open(dir, DiskQueue.Options.of(64 * 1024, 1024 * 1024));
        log.addHandler(capture);
    }

    @AfterEach
    void close() throws IOException {
        log.removeHandler(capture);
        queue.close();
    }

    @Test
    @Timeout(60) // a guard against the hang this test is about, not a measurement
    void theLogLineGoesOnWhileAStatusPublishWaitsForTheLostConnection() throws Exception {
        AtomicBoolean connected = new AtomicBoolean(true);
        BlockingBroker broker = new BlockingBroker();
        StatusReporter reporter = new StatusReporter("demo-campus", "office-edge", "fm/v1/demo-campus/office-edge/status",
                queue, broker, new AgentCounters(), AgentClock.realTime(Clock.systemUTC()), connected::get, () -> null,
                () -> null);
        try {
            reporter.report();                 // seen connected: the publish is handed over and blocks
            assertThat(broker.entered.await(30, TimeUnit.SECONDS)).as("the publish reached the broker connection").isTrue();
            connected.set(false);
            reporter.report();
            reporter.report();

            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).contains("demo-campus/office-edge: connected, queue 0 batches");
            assertThat(lines.get(1)).contains("demo-campus/office-edge: NOT connected, queue 0 batches");
            assertThat(lines.get(2)).contains("NOT connected");
            assertThat(broker.handedOver).hasSize(1);

            broker.release.countDown();       // back: the waiting status goes out, and the next one after it
            connected.set(true);
            reporter.lastPublish().get(30, TimeUnit.SECONDS);
            reporter.report();
            assertThat(lines).hasSize(4);
            assertThat(broker.handedOverCount(2)).as("a second status published once the first went out").isTrue();
            assertThat(new String(broker.handedOver.get(1), StandardCharsets.UTF_8)).contains("\"connected\":true");
        } finally {
            broker.release.countDown();
            reporter.close();
        }
    }

    /** Blocks the first hand-over until released, as the real connection does while it is down. */
    private static final class BlockingBroker implements BrokerConnection {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<byte[]> handedOver = new CopyOnWriteArrayList<>();
        private final Object changed = new Object();

        @Override
        public void connect() {
        }

        @Override
        public boolean isConnected() {
            return release.getCount() == 0;
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained)
                throws InterruptedException {
            synchronized (changed) {
                handedOver.add(payload);
                changed.notifyAll();
            }
            entered.countDown();
            release.await();
            return CompletableFuture.completedFuture(null);
        }

        boolean handedOverCount(int n) throws InterruptedException {
            synchronized (changed) {
                while (handedOver.size() < n) {
                    changed.wait();
                }
                return true;
            }
        }

        @Override
        public void close() {
        }
    }
}
