package org.facilitymonitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.Connection;

/**
 * Publishes alerts at QoS 1 (not retained) on {@code fm/v1/{site}/alerts/{severity}}, through its own
 * publish-only connection (client id {@code <fm.mqtt.client-id>-notify}), so alerts go out whether or
 * not this instance consumes data. Delivered = the broker's PUBACK.
 */
@ApplicationScoped
class MqttAlertChannel implements NotificationChannel {

    @Inject
    NotifyConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    @Connection("notify")
    BrokerClient broker;

    void onStart(@Observes StartupEvent event) {
        if (config.mqtt().enabled()) {
            broker.startPublisher();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        broker.close();
    }

    @Override
    public Channel channel() {
        return Channel.MQTT;
    }

    @Override
    public void send(Delivery d) throws Exception {
        if (!config.mqtt().enabled()) {
            throw new IllegalStateException("MQTT alerts are disabled (fm.notify.mqtt.enabled=false)");
        }
        byte[] payload = json.writeValueAsBytes(AlertMessage.of(d, false));
        broker.publish(d.address(), payload, false).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
