package org.facilitymonitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.ingest.BrokerClient;
import org.facilitymonitor.ingest.MqttConfig;
import org.facilitymonitor.ingest.PahoBrokerClient;

/**
 * Publishes alerts at QoS 1 (not retained) on {@code fm/v1/{site}/alerts/{severity}}, through its own
 * publish-only connection (client id {@code <fm.mqtt.client-id>-notify}), so alerts go out whether or
 * not this instance consumes data. Delivered = the broker's PUBACK.
 */
@ApplicationScoped
class MqttAlertChannel implements NotificationChannel {

    @Inject
    MqttConfig mqttConfig;
    @Inject
    NotifyConfig config;
    @Inject
    ObjectMapper json;

    private volatile BrokerClient broker;

    void onStart(@Observes StartupEvent event) {
        if (!config.mqtt().enabled()) {
            return;
        }
        BrokerClient client = new PahoBrokerClient(mqttConfig, clientId());
        client.startPublisher();
        broker = client;
    }

    void onStop(@Observes ShutdownEvent event) {
        BrokerClient b = broker;
        if (b != null) {
            b.close();
        }
    }

    @Override
    public Channel channel() {
        return Channel.MQTT;
    }

    @Override
    public void send(Delivery d) throws Exception {
        BrokerClient b = broker;
        if (b == null) {
            throw new IllegalStateException("MQTT alerts are disabled (fm.notify.mqtt.enabled=false)");
        }
        byte[] payload = json.writeValueAsBytes(AlertMessage.of(d, false));
        b.publish(d.address(), payload, false).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String clientId() {
        String base = mqttConfig.clientId().filter(id -> !id.isBlank()).orElseGet(() -> {
            try {
                return "fm-service-" + InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                Log.debugf("host name unknown: %s", e.getMessage());
                return "fm-service";
            }
        });
        return base + "-notify";
    }
}
