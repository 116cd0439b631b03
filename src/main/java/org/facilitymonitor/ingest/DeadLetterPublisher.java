package org.facilitymonitor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.InboundMessage;

/**
 * Publishes every rejection to {@code fm/v1/{site}/dead-letter/{edge}} with the reason and, for a
 * whole rejected message, the payload (as text when it is UTF-8, else base64), so an engineer or
 * the edge can see exactly what was refused and why.
 */
final class DeadLetterPublisher {

    static final String UNROUTABLE_TOPIC = "fm/v1/_/dead-letter/_";

    private final ObjectMapper json = new ObjectMapper();
    private final BrokerClient broker;
    private final IngestMetrics metrics;
    private final int maxPayloadBytes;

    DeadLetterPublisher(BrokerClient broker, IngestMetrics metrics, int maxPayloadBytes) {
        this.broker = broker;
        this.metrics = metrics;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    static String topic(DecodedBatch batch) {
        if (batch.site() == null || batch.edge() == null) {
            return UNROUTABLE_TOPIC;
        }
        return "fm/v1/" + batch.site() + "/dead-letter/" + batch.edge();
    }

    void publish(InboundMessage message, DecodedBatch batch, List<Rejection> rejections, Instant now) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("topic", message.topic());
        letter.put("receivedAt", now.toString());
        if (batch.seq() >= 0) {
            letter.put("seq", batch.seq());
        }
        if (batch.rejectedWhole()) {
            Rejection r = rejections.get(0);
            letter.put("level", "message");
            letter.put("reason", r.reason().wireName());
            letter.put("detail", r.detail());
            putPayload(letter, message.payload(), r.reason());
        } else {
            letter.put("level", "reading");
            letter.put("readings", batch.readingCount());
            letter.put("rejected", rejections.stream().map(r -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", r.index());
                if (r.point() != null) {
                    entry.put("point", r.point());
                }
                entry.put("reason", r.reason().wireName());
                entry.put("detail", r.detail());
                return entry;
            }).toList());
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(letter);
        } catch (JsonProcessingException e) {
            metrics.deadLetterFailed();
            Log.errorf("dead letter for %s not encoded: %s", message.topic(), e.getMessage());
            return;
        }
        broker.publish(topic(batch), body, false).whenComplete((ok, error) -> {
            if (error != null) {
                metrics.deadLetterFailed();
                Log.debugf("dead letter for %s not published: %s", message.topic(), error.getMessage());
            }
        });
    }

    private void putPayload(Map<String, Object> letter, byte[] payload, RejectReason reason) {
        byte[] kept = payload.length > maxPayloadBytes ? Arrays.copyOf(payload, maxPayloadBytes) : payload;
        letter.put("payloadBytes", payload.length);
        if (reason == RejectReason.NOT_UTF8 || kept.length < payload.length) {
            letter.put("payloadBase64", Base64.getEncoder().encodeToString(kept));
        } else {
            letter.put("payload", new String(kept, StandardCharsets.UTF_8));
        }
    }
}
