package org.facilitymonitor.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts a private native stack for the Quarkus tests and points the service at it. Tests get the
 * stack with a field annotated {@link InjectStack}. Edge accounts {@link #EDGES} share one password.
 * A real SMTP server (GreenMail) receives the service's e-mail; tests get it with {@link InjectSmtp}.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String[] EDGES = { "office-edge", "dorm-edge", "canteen-edge", "edge-1", "edge-2", "edge-3" };
    public static final String EDGE_PASSWORD = "edge-" + UUID.randomUUID();
    /** The administrator the service creates at start; tests log in as it through RestRequests.given(). */
    public static final String ADMIN_USERNAME = "test-admin";

    private static NativeStack stack;
    private static GreenMail smtp;

    /** Marks a {@link NativeStack} field of a test to receive the running stack. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectStack {
    }

    /** Marks a {@link GreenMail} field of a test to receive the SMTP server the service sends e-mail to. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSmtp {
    }

    @Override
    public synchronized Map<String, String> start() {
        if (stack == null) {
            stack = NativeStack.start(NativeStack.repositoryRoot(), "quarkus");
            for (String edge : EDGES) {
                stack.addMqttUser(edge, EDGE_PASSWORD);
            }
        }
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(NativeStack.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", stack.setting("QUARKUS_DATASOURCE_JDBC_URL"),
                "quarkus.datasource.username", stack.setting("QUARKUS_DATASOURCE_USERNAME"),
                "quarkus.datasource.password", stack.setting("QUARKUS_DATASOURCE_PASSWORD"),
                "fm.mqtt.url", stack.mqttUrl(),
                "fm.mqtt.username", stack.setting("FM_MQTT_USERNAME"),
                "fm.mqtt.password", stack.setting("FM_MQTT_PASSWORD"),
                "fm.mqtt.client-id", "fm-service-test",
                "fm.influx.url", stack.influxUrl(),
                "fm.influx.token", stack.influxToken(),
                "fm.registry.seed-files", NativeStack.repositoryRoot().resolve("demo/demo-campus.yaml").toString()));
        config.put("fm.security.admin.username", ADMIN_USERNAME);
        // Tied to the stack, not to this class: a service restarted under another test profile finds the same admin.
        config.put("fm.security.admin.password", "admin-" + stack.setting("QUARKUS_DATASOURCE_PASSWORD"));
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()));
        config.put("quarkus.mailer.mock", "false");
        // GreenMail speaks plain SMTP only; with STARTTLS optional the client's attempt stalled sends until their timeout
        config.put("quarkus.mailer.start-tls", "DISABLED");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stack, new TestInjector.AnnotatedAndMatchesType(InjectStack.class, NativeStack.class));
        injector.injectIntoFields(smtp, new TestInjector.AnnotatedAndMatchesType(InjectSmtp.class, GreenMail.class));
    }

    @Override
    public synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }
}
