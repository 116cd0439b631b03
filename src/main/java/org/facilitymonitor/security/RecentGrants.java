package org.facilitymonitor.security;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Grants of recent successful logins, used only while PostgreSQL cannot answer: monitoring and
 * operators keep the access they had a moment ago (at most the TTL), instead of every request
 * failing with the database. Keyed by an HMAC of the credentials under a per-process key, so the
 * map holds no password or token.
 */
final class RecentGrants {

    private static final int MAX_ENTRIES = 10_000;

    private final ProcessHmac hmac = new ProcessHmac();
    private final Duration ttl;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(byte[] mac, Grant grant, long until) {
    }

    RecentGrants(Duration ttl, LongSupplier nanos) {
        this.ttl = ttl;
        this.nanos = nanos;
    }

    void remember(String id, String secret, Grant grant) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(id, new Entry(hmac.of(id, secret), grant, nanos.getAsLong() + ttl.toNanos()));
    }

    Optional<Grant> recall(String id, String secret) {
        Entry entry = entries.get(id);
        if (entry == null || nanos.getAsLong() - entry.until >= 0 || !MessageDigest.isEqual(entry.mac, hmac.of(id, secret))) {
            return Optional.empty();
        }
        return Optional.of(entry.grant);
    }
}
