package org.facilitymonitor.mqtt;

/**
 * A message as the broker delivered it. {@code session} identifies the connection it came over:
 * an acknowledgement is only sent on that same connection (after a reconnect the broker resends it).
 */
public record InboundMessage(String topic, byte[] payload, boolean redelivered, int messageId, int qos, long session,
        long receivedNanos) {
}
