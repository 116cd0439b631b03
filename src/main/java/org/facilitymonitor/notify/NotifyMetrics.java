package org.facilitymonitor.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Outbox counters by channel, registered at start-up so dashboards see zeros rather than gaps. */
@Startup
@ApplicationScoped
public class NotifyMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<Channel, Counter> enqueued = new EnumMap<>(Channel.class);
    private final Map<Channel, Counter> sent = new EnumMap<>(Channel.class);
    private final Map<Channel, Counter> failed = new EnumMap<>(Channel.class);
    private final Map<Channel, Counter> dead = new EnumMap<>(Channel.class);
    private Counter duplicates;

    @PostConstruct
    void register() {
        for (Channel c : Channel.values()) {
            String tag = c.name().toLowerCase(Locale.ROOT);
            enqueued.put(c, Counter.builder("fm.notify.enqueued").tag("channel", tag)
                    .description("Deliveries written to the outbox").register(registry));
            sent.put(c, Counter.builder("fm.notify.sent").tag("channel", tag)
                    .description("Deliveries the other side accepted").register(registry));
            failed.put(c, Counter.builder("fm.notify.failed").tag("channel", tag)
                    .description("Failed attempts (retried with backoff, or dead after the last)").register(registry));
            dead.put(c, Counter.builder("fm.notify.dead").tag("channel", tag)
                    .description("Deliveries given up after the maximum of attempts").register(registry));
        }
        duplicates = Counter.builder("fm.notify.duplicates")
                .description("Deliveries not enqueued because the same event already had them (redelivered events)")
                .register(registry);
    }

    void enqueued(Channel c) {
        enqueued.get(c).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void sent(Channel c) {
        sent.get(c).increment();
    }

    void failed(Channel c) {
        failed.get(c).increment();
    }

    void dead(Channel c) {
        dead.get(c).increment();
    }
}
