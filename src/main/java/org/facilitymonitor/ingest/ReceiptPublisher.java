package org.facilitymonitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.PublishFailure;

/**
 * Publishes receipts, fire-and-forget: the writer never waits for the broker, and a receipt that
 * cannot be published is counted and logged, never retried (the edge resends the batch after its
 * receipt timeout, and the resend is stored again harmlessly).
 */
final class ReceiptPublisher {

    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ObjectMapper json = new ObjectMapper();
    private final BrokerClient broker;
    private final IngestMetrics metrics;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong folded = new AtomicLong();

    ReceiptPublisher(BrokerClient broker, IngestMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
    }

    void publish(List<Receipt> receipts) {
        for (Receipt receipt : receipts) {
            metrics.receipted(receipt.batchCount() - receipt.rejected().size(), receipt.rejected().size());
            byte[] body;
            try {
                body = json.writeValueAsBytes(receipt);
            } catch (JsonProcessingException e) {
                failed(receipt, "encode", e.getMessage());
                continue;
            }
            broker.publish(receipt.topic(), body, false).whenComplete((ok, error) -> {
                if (error == null) {
                    metrics.receiptPublished();
                } else {
                    failed(receipt, PublishFailure.reasonOf(error), error.getMessage());
                }
            });
        }
    }

    /** Counted always; logged at most once per 10 s, with the number of failures folded since. */
    private void failed(Receipt receipt, String reason, String detail) {
        metrics.receiptFailed(reason);
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            long more = folded.getAndSet(0);
            Log.warnf("receipt of %d batch(es) for %s/%s not published (%s: %s); the edge resends them after its receipt "
                    + "timeout%s", receipt.batchCount(), receipt.site(), receipt.edge(), reason, detail,
                    more > 0 ? " (" + more + " more receipt(s) failed since the last one logged)" : "");
        } else {
            folded.incrementAndGet();
        }
    }
}
