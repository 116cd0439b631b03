package org.facilitymonitor.edges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.Connection;
import org.facilitymonitor.mqtt.InboundMessage;
import org.facilitymonitor.platform.ProblemException;

/**
 * Mosquitto's dynamic-security plugin, administered over MQTT with the service's account: a command
 * list goes to {@value #REQUEST_TOPIC}, the plugin answers every command on {@value #RESPONSE_TOPIC}
 * (to every subscriber, so answers are matched by their correlation data).
 */
@ApplicationScoped
public class DynamicSecurity {

    static final String REQUEST_TOPIC = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE_TOPIC = "$CONTROL/dynamic-security/v1/response";

    /** One command's answer; {@code error} is null when it succeeded. */
    public record Answer(String command, String error, JsonNode data) {
        public boolean ok() {
            return error == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Connection("dynsec")
    BrokerClient broker;
    @Inject
    EdgesConfig config;

    private final Map<String, CompletableFuture<List<Answer>>> waiting = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean subscribed;

    /** Sends the commands in one message and returns their answers, in order. */
    public List<Answer> execute(List<ObjectNode> commands) {
        ensureSubscribed();
        return send(commands);
    }

    public static ObjectNode command(String name) {
        return JSON.createObjectNode().put("command", name);
    }

    public static ArrayNode array() {
        return JSON.createArrayNode();
    }

    /**
     * The subscription to the answers is made asynchronously on connect; until an answer to a
     * harmless read came back, a command's answer could be missed, so none is sent before.
     */
    private void ensureSubscribed() {
        if (subscribed) {
            return;
        }
        synchronized (this) {
            if (!started) {
                broker.start(RESPONSE_TOPIC, this::onMessage);
                started = true;
            }
            long deadline = System.nanoTime() + config.brokerTimeout().toNanos();
            while (!subscribed) {
                try {
                    send(List.of(command("getDefaultACLAccess")), 500);
                    subscribed = true;
                } catch (ProblemException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause(); // not connected yet: the publish failed at once
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private List<Answer> send(List<ObjectNode> commands) {
        return send(commands, config.brokerTimeout().toMillis());
    }

    private List<Answer> send(List<ObjectNode> commands, long timeoutMs) {
        String id = UUID.randomUUID().toString();
        ArrayNode list = array();
        for (int i = 0; i < commands.size(); i++) {
            list.add(commands.get(i).deepCopy().put("correlationData", id + ":" + i));
        }
        ObjectNode request = JSON.createObjectNode();
        request.set("commands", list);
        CompletableFuture<List<Answer>> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            broker.publish(REQUEST_TOPIC, JSON.writeValueAsBytes(request), false).get(timeoutMs, TimeUnit.MILLISECONDS);
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | IOException e) {
            throw unavailable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } finally {
            waiting.remove(id);
        }
    }

    private static ProblemException unavailable(Throwable cause) {
        return new ProblemException(503, "Broker unavailable", "the broker's dynamic-security plugin did not answer ("
                + (cause instanceof TimeoutException ? "timeout" : String.valueOf(cause.getMessage()))
                + "); nothing was changed on this side, try again", List.of());
    }

    private void onMessage(InboundMessage message) {
        broker.acknowledge(message);
        try {
            JsonNode responses = JSON.readTree(message.payload()).path("responses");
            if (!responses.isArray() || responses.isEmpty()) {
                return;
            }
            String correlation = responses.get(0).path("correlationData").asText("");
            int colon = correlation.indexOf(':');
            CompletableFuture<List<Answer>> waiter = colon < 0 ? null : waiting.get(correlation.substring(0, colon));
            if (waiter == null) {
                return; // another instance's or an earlier request's answer
            }
            List<Answer> answers = new ArrayList<>(responses.size());
            for (JsonNode r : responses) {
                answers.add(new Answer(r.path("command").asText(), r.hasNonNull("error") ? r.get("error").asText() : null,
                        r.path("data")));
            }
            waiter.complete(answers);
        } catch (IOException | RuntimeException e) {
            Log.warnf("unreadable answer of the dynamic-security plugin: %s", e.getMessage());
        }
    }
}
