package org.facilitymonitor.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Password rules, hashing (bcrypt through Elytron) and generation. */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    public static final int MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** What is wrong with a proposed password, or an empty list. */
    public static List<String> problems(String username, String password) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            problems.add("is missing");
            return problems;
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            problems.add("must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add("must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        if (password.equalsIgnoreCase(username)) {
            problems.add("must differ from the username");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            problems.add("must not contain control characters");
        }
        return problems;
    }

    public static String hash(String password, int cost) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public static boolean matches(String password, String hash) {
        return hash != null && BcryptUtil.matches(password, hash);
    }

    /** 24 random characters from a URL-safe alphabet (144 bits). */
    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
