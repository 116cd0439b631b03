package org.facilitymonitor.notify;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.facilitymonitor.platform.InstanceId;

/**
 * Sends due outbox rows: claim one (short transaction, lease), send it with no transaction open,
 * mark it sent or failed (another short transaction). Every instance runs this; SKIP LOCKED and the
 * lease keep them off each other's rows. Delivery is at least once: if the process dies after a
 * send and before its mark, the row is sent again once its lease expires (one extra copy per
 * crash; receivers can drop it by the outbox id carried in every channel).
 */
@ApplicationScoped
public class OutboxDispatcher {

    @Inject
    OutboxStore store;
    @Inject
    NotifyConfig config;
    @Inject
    NotifyMetrics metrics;
    @Inject
    Clock clock;
    @Inject
    @All
    List<NotificationChannel> channelList;

    private final Map<Channel, NotificationChannel> channels = new EnumMap<>(Channel.class);
    private RetryPolicy policy;
    private String instanceId;

    @PostConstruct
    void init() {
        channelList.forEach(c -> channels.put(c.channel(), c));
        policy = RetryPolicy.of(config);
        instanceId = InstanceId.of(config.instanceId());
    }

    @Scheduled(every = "{fm.notify.dispatch-interval}", delayed = "{fm.notify.dispatch-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.dispatchEnabled()) {
            return;
        }
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            Log.warnf("notification dispatch interrupted (rows stay in the outbox): %s", e.getMessage());
        }
    }

    /** Sends up to {@code fm.notify.max-per-run} due rows; returns how many were delivered. */
    public int dispatchDue() {
        int delivered = 0;
        for (int i = 0; i < config.maxPerRun(); i++) {
            Optional<Delivery> next = store.claimNext(instanceId, clock.instant(), config.lease(), config.maxAttempts());
            if (next.isEmpty()) {
                break;
            }
            if (deliver(next.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    // Logs name the outbox row and its recipient id, never the address: e-mail addresses are personal
    // data and a webhook URL's path is often its secret.
    private boolean deliver(Delivery d) {
        Log.debugf("sending outbox row %d (%s, %s to %s, attempt %d)", d.id(), d.eventKey(), d.channel(), d.recipient(),
                d.attempt());
        try {
            channels.get(d.channel()).send(d);
        } catch (UndeliverableException e) {
            metrics.failed(d.channel());
            if (store.markUndeliverable(d.id(), instanceId, e.getMessage())) {
                metrics.dead(d.channel());
                Log.warnf("notification %d (%s, %s to %s) is DEAD, not retried: %s", d.id(), d.eventKey(), d.channel(),
                        d.recipient(), loggable(e.getMessage(), d));
            }
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = describe(e);
            metrics.failed(d.channel());
            OutboxStore.FailureOutcome outcome = store.markFailed(d.id(), instanceId, error, clock.instant(), policy);
            if (outcome == OutboxStore.FailureOutcome.DEAD) {
                metrics.dead(d.channel());
                Log.warnf("notification %d (%s, %s to %s) is DEAD after %d attempts: %s", d.id(), d.eventKey(),
                        d.channel(), d.recipient(), d.attempt(), loggable(error, d));
            } else {
                Log.infof("notification %d (%s, %s) attempt %d failed, will retry: %s", d.id(), d.eventKey(),
                        d.channel(), d.attempt(), loggable(error, d));
            }
            return false;
        }
        metrics.sent(d.channel());
        try {
            store.markSent(d.id(), clock.instant());
        } catch (RuntimeException e) {
            Log.warnf("notification %d was sent but not marked sent (%s); it will be sent again when its lease expires",
                    d.id(), e.getMessage());
        }
        return true;
    }

    /** The error without the delivery's address (an SMTP server's answer often quotes the recipient). */
    private static String loggable(String error, Delivery d) {
        return error == null || d.address() == null || d.address().isEmpty() ? error
                : error.replace(d.address(), "<" + d.channel().name().toLowerCase() + " address>");
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
