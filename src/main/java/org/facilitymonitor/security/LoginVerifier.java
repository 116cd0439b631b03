package org.facilitymonitor.security;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies passwords against bcrypt hashes and remembers a success for a while, keyed by the
 * stored hash and an HMAC of the password under a key that never leaves this process: a script
 * using HTTP basic pays bcrypt once per TTL, a changed password (new hash) misses at once, and the
 * cache never holds a password.
 */
final class LoginVerifier {

    private static final int MAX_ENTRIES = 10_000;
    /** Checked for unknown users too, so that response time does not tell which usernames exist. */
    private static final String DUMMY_HASH = Passwords.hash("dummy-password-for-timing", 10);

    private final ProcessHmac hmac = new ProcessHmac();
    private final Duration ttl;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(byte[] mac, long until) {
    }

    LoginVerifier(Duration ttl, LongSupplier nanos) {
        this.ttl = ttl;
        this.nanos = nanos;
    }

    boolean verify(String storedHash, String password) {
        if (storedHash == null) {
            Passwords.matches(password, DUMMY_HASH);
            return false;
        }
        byte[] mac = hmac.of(storedHash, password);
        Remembered known = remembered.get(storedHash);
        long now = nanos.getAsLong();
        if (known != null && now - known.until < 0 && MessageDigest.isEqual(known.mac, mac)) {
            return true;
        }
        if (!Passwords.matches(password, storedHash)) {
            return false;
        }
        if (remembered.size() >= MAX_ENTRIES) {
            remembered.clear();
        }
        remembered.put(storedHash, new Remembered(mac, now + ttl.toNanos()));
        return true;
    }

    void forget(String storedHash) {
        if (storedHash != null) {
            remembered.remove(storedHash);
        }
    }
}
