package org.facilitymonitor.maintenance;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sliding-window limits on the public request form, per client address and per asset, kept in this
 * instance's memory (monotonic time, not the business clock). Refusals are counted in
 * {@code fm_request_form_limited_total{reason}}: client, asset, or busy (too many addresses to track).
 */
@ApplicationScoped
public class RequestFormLimiter {

    @Inject
    MaintenanceConfig config;
    @Inject
    MeterRegistry registry;

    private final Map<String, Deque<Long>> clients = new HashMap<>();
    private final Map<String, Deque<Long>> assets = new HashMap<>();

    /** Why a request was refused and when to try again. */
    public record Refusal(String reason, long retryAfterSeconds, String detail) {
    }

    /** Records the request when admitted (the asset must exist: one entry per asset of the registry at most). */
    public synchronized Optional<Refusal> admit(String client, String assetId) {
        MaintenanceConfig.RequestForm limits = config.requestForm();
        long now = System.nanoTime();
        long window = limits.window().toNanos();
        if (!clients.containsKey(client) && clients.size() >= limits.trackedClients()) {
            clients.values().removeIf(times -> expire(times, now, window).isEmpty());
            if (clients.size() >= limits.trackedClients()) {
                return refuse("busy", 60, "the request form is taking too many requests right now; try again in a minute");
            }
        }
        Deque<Long> byClient = expire(clients.computeIfAbsent(client, c -> new ArrayDeque<>()), now, window);
        if (byClient.size() >= limits.perClient()) {
            return refuse("client", retryAfter(byClient, now, window), "at most " + limits.perClient()
                    + " requests per " + human(limits.window()) + " from one address; try again later");
        }
        Deque<Long> byAsset = expire(assets.computeIfAbsent(assetId, a -> new ArrayDeque<>()), now, window);
        if (byAsset.size() >= limits.perAsset()) {
            return refuse("asset", retryAfter(byAsset, now, window), "asset '" + assetId + "' got " + limits.perAsset()
                    + " requests in the last " + human(limits.window())
                    + " already; they are being looked at, try again later if yours is different");
        }
        byClient.addLast(now);
        byAsset.addLast(now);
        return Optional.empty();
    }

    /** Forgets every request (tests). */
    synchronized void reset() {
        clients.clear();
        assets.clear();
    }

    private Optional<Refusal> refuse(String reason, long retryAfter, String detail) {
        registry.counter("fm_request_form_limited_total", "reason", reason).increment();
        return Optional.of(new Refusal(reason, retryAfter, detail));
    }

    private static Deque<Long> expire(Deque<Long> times, long now, long window) {
        while (!times.isEmpty() && now - times.peekFirst() >= window) {
            times.removeFirst();
        }
        return times;
    }

    private static long retryAfter(Deque<Long> times, long now, long window) {
        long nanos = times.peekFirst() + window - now;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static String human(java.time.Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
