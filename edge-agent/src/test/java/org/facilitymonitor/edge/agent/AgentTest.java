package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.BatchPublisher;
import org.facilitymonitor.edge.mqtt.FakeBrokerConnection;
import org.junit.jupiter.api.Test;

class AgentTest {

    @Test
    void publishesOneBatchPerPeriodWithIncreasingSeq() throws InterruptedException {
        FakeBrokerConnection broker = new FakeBrokerConnection();
        broker.connect();
        List<Long> sampledAt = new ArrayList<>();
        ReadingSource source = ts -> {
            sampledAt.add(ts);
            return List.of(Reading.of("p-1", ts, 1.5), Reading.of("p-2", ts, true));
        };
        Agent agent = new Agent(source, new BatchPublisher(broker, "demo-campus", "office-edge"), "demo-campus",
                "office-edge", Duration.ofMillis(50), Clock.systemUTC(), 1_000);

        agent.run(Duration.ofMillis(500));

        List<Batch> batches = broker.published().stream().map(p -> {
            assertThat(p.topic()).isEqualTo("fm/v1/demo-campus/office-edge/data");
            assertThat(p.qos()).isEqualTo(1);
            assertThat(p.retained()).isFalse();
            return ContractV1.decode(p.payload());
        }).toList();
        assertThat(batches).hasSizeBetween(8, 11);
        for (int i = 0; i < batches.size(); i++) {
            assertThat(batches.get(i).seq()).isEqualTo(1_000 + i);
            assertThat(batches.get(i).historical()).isFalse();
            assertThat(batches.get(i).readings()).hasSize(2);
        }
        assertThat(sampledAt).allMatch(ts -> ts % 50 == 0);
        assertThat(agent.lastSeq()).isEqualTo(1_000 + batches.size() - 1);
        assertThat(agent.readings()).isEqualTo(2L * batches.size());
    }

    @Test
    void splitsASampleLargerThanTheContractAllows() throws InterruptedException {
        FakeBrokerConnection broker = new FakeBrokerConnection();
        broker.connect();
        ReadingSource source = ts -> {
            List<Reading> many = new ArrayList<>();
            for (int i = 0; i < ContractV1.MAX_READINGS + 10; i++) {
                many.add(Reading.of("p-" + i, ts, i));
            }
            return many;
        };
        Agent agent = new Agent(source, new BatchPublisher(broker, "s", "e"), "s", "e", Duration.ofSeconds(1),
                Clock.systemUTC(), 0);

        agent.run(Duration.ofMillis(1_001));

        assertThat(broker.published()).isNotEmpty();
        assertThat(ContractV1.decode(broker.published().get(0).payload()).readings()).hasSize(ContractV1.MAX_READINGS);
        assertThat(ContractV1.decode(broker.published().get(1).payload()).readings()).hasSize(10);
    }
}
