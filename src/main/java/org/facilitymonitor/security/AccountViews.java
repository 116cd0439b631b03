package org.facilitymonitor.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the users, tokens and audit endpoints read and return. */
public final class AccountViews {

    private AccountViews() {
    }

    public record UserView(String username, String role, boolean allSites, Set<String> sites, boolean enabled,
            String displayName, String email, Instant createdAt, Instant updatedAt) {

        static UserView of(AppUser user) {
            return new UserView(user.username, user.role, user.allSites || Roles.ADMIN.equals(user.role),
                    new TreeSet<>(user.sites), user.enabled, user.displayName, user.email, user.createdAt, user.updatedAt);
        }
    }

    /** A created user; {@code password} only when the service generated it (shown this once). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedUser(UserView user, String password) {
    }

    public record NewUser(String username, String role, Set<String> sites, Boolean allSites, String password,
            String displayName, String email) {
    }

    /** Replaces role, sites, enabled state and contact of a user; absent fields keep their value. */
    public record UserChange(String role, Set<String> sites, Boolean allSites, Boolean enabled, String displayName,
            String email) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /** Sets a user's password, or generates one when {@code password} is absent. */
    public record PasswordReset(String password) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GeneratedPassword(String password) {
    }

    public record Me(String username, List<String> roles, boolean allSites, Set<String> sites, String via) {
    }

    public record NewToken(String name, Integer expiresInDays) {
    }

    public record TokenView(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt,
            Instant lastUsedAt, boolean active) {

        static TokenView of(ApiToken token, Instant now) {
            return new TokenView(token.id, token.name, token.prefix, token.createdAt, token.expiresAt, token.revokedAt,
                    token.lastUsedAt, token.revokedAt == null && token.expiresAt.isAfter(now));
        }
    }

    /** A created token: {@code token} is the secret, shown this once. */
    public record CreatedToken(TokenView info, String token) {
    }

    public record AuditView(long id, Instant at, String actor, String role, String method, String path, int status,
            String remote) {

        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id, entry.at, entry.actor, entry.role, entry.method, entry.path, entry.status,
                    entry.remote);
        }
    }
}
