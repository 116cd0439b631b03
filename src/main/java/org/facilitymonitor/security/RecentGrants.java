package org.facilitymonitor.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Grants of recent successful logins, used only while PostgreSQL cannot answer: monitoring and
 * operators keep the access they had a moment ago (at most the TTL), instead of every request
 * failing with the database. Keyed by an HMAC of the credentials under a per-process key, so the
 * map holds no password or token.
 */
final class RecentGrants {

    private static final int MAX_ENTRIES = 10_000;

    private final byte[] key = new byte[32];
    private final Duration ttl;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(byte[] mac, Grant grant, long until) {
    }

    RecentGrants(Duration ttl, LongSupplier nanos) {
        new SecureRandom().nextBytes(key);
        this.ttl = ttl;
        this.nanos = nanos;
    }

    void remember(String id, String secret, Grant grant) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(id, new Entry(mac(id, secret), grant, nanos.getAsLong() + ttl.toNanos()));
    }

    Optional<Grant> recall(String id, String secret) {
        Entry entry = entries.get(id);
        if (entry == null || nanos.getAsLong() - entry.until >= 0 || !MessageDigest.isEqual(entry.mac, mac(id, secret))) {
            return Optional.empty();
        }
        return Optional.of(entry.grant);
    }

    private byte[] mac(String id, String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(id.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
