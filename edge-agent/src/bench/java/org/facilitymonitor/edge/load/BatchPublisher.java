package org.facilitymonitor.edge.load;

import java.util.concurrent.CompletableFuture;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.BrokerConnection;

/**
 * Publishes data batches of one edge at QoS 1. A batch is encoded once, so every resend carries
 * the same bytes and the same seq. (The agent's Forwarder publishes its queued bytes itself; this is
 * the load generator's, and the tests' of the connection.)
 */
public final class BatchPublisher {

    private final BrokerConnection connection;
    private final String site;
    private final String edge;
    private final String topic;

    public BatchPublisher(BrokerConnection connection, String site, String edge) {
        this.connection = connection;
        this.site = site;
        this.edge = edge;
        this.topic = ContractV1.dataTopic(site, edge);
    }

    public String topic() {
        return topic;
    }

    /** Returns once the broker has acknowledged the batch. */
    public void publish(Batch batch) throws InterruptedException {
        connection.publish(topic, encode(batch), 1, false);
    }

    /** Returns when the batch is handed over; the future completes on PUBACK. */
    public CompletableFuture<Void> publishAsync(Batch batch) throws InterruptedException {
        return connection.publishAsync(topic, encode(batch), 1, false);
    }

    private byte[] encode(Batch batch) {
        if (!site.equals(batch.site()) || !edge.equals(batch.edge())) {
            throw new IllegalArgumentException("batch of " + batch.site() + "/" + batch.edge()
                    + " given to the publisher of " + site + "/" + edge);
        }
        return ContractV1.encode(batch);
    }
}
