package org.facilitymonitor.alarms;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.facilitymonitor.platform.ProblemException;

/**
 * Why writing a conclusion failed, and whether trying again can help. Transient: PostgreSQL
 * unavailable or busy (SQLState classes 08, 53, 57, 40, a connection-pool acquisition timeout, a lost
 * socket) or another instance inserting the same alarm first (23505); these are retried. Permanent:
 * the conclusion itself cannot be stored (class 22 data exceptions such as a value too long, 23503,
 * 23502, 23514, a request the service refuses as invalid); these are set aside. Anything else is
 * unknown: retried a few times, then set aside. Pure.
 */
public final class FailureClassifier {

    public enum Kind { TRANSIENT, PERMANENT, UNKNOWN }

    /** Reasons a conclusion is set aside, the label of {@code fm_alarms_conclusions_set_aside_total}. */
    public static final String RULE_DELETED = "rule-deleted";
    public static final String DATA = "data";
    public static final String FOREIGN_KEY = "foreign-key";
    public static final String NOT_NULL = "not-null";
    public static final String CHECK = "check";
    public static final String CONSTRAINT = "constraint";
    public static final String INVALID = "invalid";
    public static final String FAILED = "failed";
    public static final List<String> REASONS = List.of(RULE_DELETED, DATA, FOREIGN_KEY, NOT_NULL, CHECK, CONSTRAINT,
            INVALID, FAILED);

    /** @param reason the set-aside reason when it is not transient; {@code sqlState} when a database error said one */
    public record Verdict(Kind kind, String reason, String sqlState, String detail) {
    }

    private FailureClassifier() {
    }

    public static Verdict classify(Throwable failure) {
        String detail = describe(failure);
        String state = sqlState(failure);
        if (state != null) {
            String cls = state.substring(0, Math.min(2, state.length()));
            switch (cls) {
                case "08", "53", "57", "40" -> {
                    return new Verdict(Kind.TRANSIENT, null, state, detail);
                }
                case "22" -> {
                    return new Verdict(Kind.PERMANENT, DATA, state, detail);
                }
                case "23" -> {
                    return switch (state) {
                        case "23505" -> new Verdict(Kind.TRANSIENT, null, state, detail);
                        case "23503" -> new Verdict(Kind.PERMANENT, FOREIGN_KEY, state, detail);
                        case "23502" -> new Verdict(Kind.PERMANENT, NOT_NULL, state, detail);
                        case "23514" -> new Verdict(Kind.PERMANENT, CHECK, state, detail);
                        default -> new Verdict(Kind.PERMANENT, CONSTRAINT, state, detail);
                    };
                }
                default -> {
                    // e.g. 42xxx after a bad migration, XX000: not the conclusion's fault, maybe not lasting
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.QueryTimeoutException) {
                return new Verdict(Kind.TRANSIENT, null, state, detail);
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof SQLException && (message.contains("acquisition timeout") || message.contains("connection"))) {
                return new Verdict(Kind.TRANSIENT, null, state, detail);
            }
            if (t instanceof ProblemException p && p.status() >= 400 && p.status() < 500) {
                return new Verdict(Kind.PERMANENT, INVALID, state, detail);
            }
        }
        return new Verdict(Kind.UNKNOWN, FAILED, state, detail);
    }

    /** The SQLState of the first SQL exception in the cause chain (Hibernate and the pool wrap it), or null. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException e = s; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && !e.getSQLState().isBlank()) {
                        return e.getSQLState();
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The innermost message, prefixed by its exception type. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
