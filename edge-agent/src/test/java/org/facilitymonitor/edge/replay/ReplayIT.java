package org.facilitymonitor.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with a replay source, through the disk queue and a real broker: the register
 * readings the broker delivered rise by exactly the file's total.
 */
@ExtendWith(MosquittoStack.class)
class ReplayIT {

    @TempDir
    Path dir;

    @Test
    void replayedConsumptionDeliveredThroughTheBrokerSumsToTheFileTotal(MosquittoStack.Broker broker) throws Exception {
        String edge = "it-replay-edge";
        broker.addUser(edge, "pw-replay");
        Path csv = Path.of("../demo/reference-data/real-buildings/school_eload_hourly.csv").toAbsolutePath();
        BigDecimal fileTotal = BigDecimal.ZERO;
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String v = line.substring(line.indexOf(',') + 1).trim();
            if (!v.isEmpty() && !v.equalsIgnoreCase("nan")) {
                fileTotal = fileTotal.add(new BigDecimal(v));
            }
        }
        BigDecimal expectedLast = new BigDecimal("50000").add(fileTotal);
        Path config = dir.resolve("replay.yaml");
        Files.writeString(config, """
                site: demo-campus
                edge: %s
                broker: {url: "%s", password: pw-replay}
                sampling: {period: 100ms}
                replay:
                  - {file: %s, value-column: eload, point: office-elec-main-energy, speed: 3600000, start-register: 50000}
                queue: {dir: %s, drain-rate: 0, receipts: false}
                status: {interval: 2s}
                """.formatted(edge, broker.url(), csv, dir.resolve("data")));

        // subscribed once the constructor returns (it waits for the SUBACK)
        try (TestSubscriber sub = new TestSubscriber(broker, "it-replay-sub", false, "fm/v1/demo-campus/" + edge + "/data")) {
            Map<String, String> env = Map.of();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = org.facilitymonitor.edge.MainAccess.run(env, out, err, "run", "--config", config.toString(),
                    "--until-done", "true", "--duration", "90s");
            assertThat(code).as(err.toString()).isZero();
            List<Double> registers = new ArrayList<>();
            assertThat(sub.await(m -> !m.isEmpty() && lastRegister(m).compareTo(expectedLast) == 0,
                    Duration.ofSeconds(10))).as("the final register arrives").isTrue();
            for (TestSubscriber.Received m : sub.received()) {
                Batch b = ContractV1.decode(m.payload());
                for (Reading r : b.readings()) {
                    registers.add((Double) r.value());
                }
            }
            for (int i = 1; i < registers.size(); i++) {
                assertThat(registers.get(i)).as("the register never decreases").isGreaterThanOrEqualTo(registers.get(i - 1));
            }
            assertThat(registers.get(0)).isEqualTo(50_000.0);
            assertThat(BigDecimal.valueOf(registers.get(registers.size() - 1)).subtract(new BigDecimal("50000")))
                    .as("replayed consumption = the file's total").isEqualByComparingTo(fileTotal);
            assertThat(out.toString()).contains("queue holds 0 readings, dropped 0 readings");
        }
    }

    @Test
    void recordedReplayArrivesAsHistoryAtTheFilesTimestampsOnceAndNotAgainAfterARestart(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-recorded-edge";
        broker.addUser(edge, "pw-recorded");
        long shift = Duration.ofDays(2856).toMillis();
        Path config = dir.resolve("recorded.yaml");
        Files.writeString(config, """
                site: demo-campus
                edge: %s
                broker: {url: "%s", password: pw-recorded}
                replay:
                  - {file: %s, value-column: eload, point: office-elec-main-energy, start-register: 1000.5,
                     timestamps: recorded, shift: 2856d}
                queue: {dir: %s, drain-rate: 0, receipts: false}
                status: {interval: 2s}
                """.formatted(edge, broker.url(), CsvReplaySourceTest.SCHOOL.toAbsolutePath(), dir.resolve("data")));
        Map<Long, Double> expected = RecordedReplayTest.expected(CsvReplaySourceTest.readPlain(CsvReplaySourceTest.SCHOOL),
                shift);
        try (TestSubscriber sub = new TestSubscriber(broker, "it-recorded-sub", false, "fm/v1/demo-campus/" + edge + "/data")) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = org.facilitymonitor.edge.MainAccess.run(Map.of(), new java.io.ByteArrayOutputStream(), err, "run",
                    "--config", config.toString(), "--until-done", "true", "--duration", "90s");
            assertThat(code).as(err.toString()).isZero();
            assertThat(sub.await(m -> readings(m).size() >= expected.size(), Duration.ofSeconds(10))).isTrue();
            Map<Long, Double> delivered = new java.util.LinkedHashMap<>();
            for (TestSubscriber.Received m : sub.received()) {
                Batch b = ContractV1.decode(m.payload());
                assertThat(b.historical()).isTrue();
                assertThat(b.readings()).hasSizeLessThanOrEqualTo(5_000);
                assertThat(m.payload().length).isLessThanOrEqualTo(262_144);
                for (Reading r : b.readings()) {
                    assertThat(delivered.put(r.ts(), (Double) r.value())).as("once: ts %d", r.ts()).isNull();
                }
            }
            assertThat(delivered).containsExactlyEntriesOf(expected);

            java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
            code = org.facilitymonitor.edge.MainAccess.run(Map.of(), again, err, "run",
                    "--config", config.toString(), "--until-done", "true", "--duration", "30s");
            assertThat(code).as(err.toString()).isZero();
            assertThat(again.toString()).as("the restart queues nothing").contains("0 samples, 0 readings queued");
        }
    }

    private static List<Reading> readings(List<TestSubscriber.Received> messages) {
        List<Reading> out = new ArrayList<>();
        for (TestSubscriber.Received m : messages) {
            out.addAll(ContractV1.decode(m.payload()).readings());
        }
        return out;
    }

    private static BigDecimal lastRegister(List<TestSubscriber.Received> messages) {
        Batch b = ContractV1.decode(messages.get(messages.size() - 1).payload());
        return BigDecimal.valueOf((Double) b.readings().get(b.readings().size() - 1).value());
    }
}
