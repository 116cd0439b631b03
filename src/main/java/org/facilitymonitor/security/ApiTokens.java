package org.facilitymonitor.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** The form of personal API tokens: "fm_" and 43 URL-safe characters (256 random bits). */
public final class ApiTokens {

    public static final String PREFIX = "fm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean looksLikeToken(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() == PREFIX.length() + 43;
    }

    /** SHA-256, hex: tokens carry 256 random bits, so a fast hash is enough (unlike passwords). */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** What a list shows so that a user can tell tokens apart: "fm_" and the next 6 characters. */
    public static String displayPrefix(String token) {
        return token.substring(0, PREFIX.length() + 6);
    }
}
