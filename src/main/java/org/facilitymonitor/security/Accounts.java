package org.facilitymonitor.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.AccountViews.CreatedToken;
import org.facilitymonitor.security.AccountViews.CreatedUser;
import org.facilitymonitor.security.AccountViews.NewToken;
import org.facilitymonitor.security.AccountViews.NewUser;
import org.facilitymonitor.security.AccountViews.TokenView;
import org.facilitymonitor.security.AccountViews.UserChange;
import org.facilitymonitor.security.AccountViews.UserView;

/** Users of the embedded identity store, their API tokens, and the checks of both at login. */
@ApplicationScoped
public class Accounts {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");
    private static final String USERNAME_MESSAGE =
            "must be 2 to 64 characters: lowercase letters, digits, '.', '_', '@' and '-', starting with a letter or digit";
    /** last_used_at is written at most this often per token, so that a busy script does not write per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    SecurityConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;

    @Inject
    jakarta.enterprise.inject.Instance<Accounts> self;

    private LoginVerifier verifier;
    private RecentGrants recent;

    @PostConstruct
    void init() {
        verifier = new LoginVerifier(config.loginCacheTtl(), System::nanoTime);
        recent = new RecentGrants(config.loginCacheTtl(), System::nanoTime);
    }

    /**
     * {@link #login}, or while PostgreSQL cannot answer, the grant of the same credentials' last
     * success within the login cache TTL (so that metrics and operators stay reachable during a
     * database outage); without one, the outage is reported, not a wrong password.
     */
    public Optional<Grant> loginOrRecall(String username, String password) {
        try {
            Optional<Grant> grant = self.get().login(username, password);
            grant.ifPresent(g -> recent.remember("password:" + username, password, g));
            return grant;
        } catch (RuntimeException e) {
            return recalled(recent.recall("password:" + username, password), "password", e);
        }
    }

    /** {@link #loginWithToken}, with the same fallback as {@link #loginOrRecall}. */
    public Optional<Grant> loginWithTokenOrRecall(String token) {
        try {
            Optional<Grant> grant = self.get().loginWithToken(token);
            grant.ifPresent(g -> recent.remember(tokenId(token), token, g));
            return grant;
        } catch (RuntimeException e) {
            return recalled(recent.recall(tokenId(token), token), "token", e);
        }
    }

    private static String tokenId(String token) {
        return "token:" + ApiTokens.hash(token).substring(0, 16);
    }

    private Optional<Grant> recalled(Optional<Grant> grant, String via, RuntimeException cause) {
        if (grant.isEmpty()) {
            count(via, "store_unavailable");
            throw new io.quarkus.security.AuthenticationFailedException("the user store cannot be reached: " + cause.getMessage(), cause);
        }
        count(via, "recalled");
        return grant;
    }

    // --- authentication ---------------------------------------------------------------------

    /** The grant of a user whose password matches, or empty (unknown user, wrong password, disabled). */
    @Transactional
    public Optional<Grant> login(String username, String password) {
        Optional<AppUser> user = USERNAME.matcher(username).matches() ? AppUser.byName(username) : Optional.empty();
        boolean ok = verifier.verify(user.map(u -> u.passwordHash).orElse(null), password);
        if (!ok) {
            count("password", user.isEmpty() ? "unknown_user" : "bad_password");
            return Optional.empty();
        }
        if (!user.get().enabled) {
            count("password", "disabled");
            return Optional.empty();
        }
        count("password", "ok");
        return Optional.of(user.get().grant("password"));
    }

    /** The grant of a user with a session (form login), or empty when the user is gone or disabled. */
    @Transactional
    public Optional<Grant> session(String username) {
        Optional<AppUser> user = AppUser.byName(username).filter(u -> u.enabled);
        count("session", user.isPresent() ? "ok" : "disabled");
        return user.map(u -> u.grant("session"));
    }

    /** The grant of the owner of an active token, or empty. */
    @Transactional
    public Optional<Grant> loginWithToken(String token) {
        Optional<ApiToken> found = ApiToken.find("tokenHash", ApiTokens.hash(token)).firstResultOptional();
        if (found.isEmpty()) {
            count("token", "unknown");
            return Optional.empty();
        }
        ApiToken t = found.get();
        Instant now = clock.instant();
        if (t.revokedAt != null) {
            count("token", "revoked");
            return Optional.empty();
        }
        if (!t.expiresAt.isAfter(now)) {
            count("token", "expired");
            return Optional.empty();
        }
        AppUser user = AppUser.findById(t.userId);
        if (user == null || !user.enabled) {
            count("token", "disabled");
            return Optional.empty();
        }
        if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_RESOLUTION).isBefore(now)) {
            t.lastUsedAt = now;
        }
        count("token", "ok");
        return Optional.of(user.grant("token"));
    }

    private void count(String via, String outcome) {
        metrics.counter("fm_security_logins", "via", via, "outcome", outcome).increment();
    }

    // --- users ------------------------------------------------------------------------------

    @Transactional
    public List<UserView> users() {
        return AppUser.<AppUser>list("order by username").stream().map(UserView::of).toList();
    }

    @Transactional
    public UserView user(String username) {
        return UserView.of(require(username));
    }

    /** Creates a user; a password is generated (and returned once) when the request has none. */
    @Transactional
    public CreatedUser create(NewUser request) {
        if (request == null) {
            throw ProblemException.badRequest("request body is missing: send {\"username\": …, \"role\": …}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            errors.add(new FieldError("username", USERNAME_MESSAGE));
        }
        checkRoleAndSites(request.role(), request.sites(), errors);
        boolean generated = request.password() == null;
        String password = generated ? Passwords.generate() : request.password();
        Passwords.problems(request.username(), password).forEach(p -> errors.add(new FieldError("password", p)));
        checkContact(request.displayName(), request.email(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the user cannot be created", errors);
        }
        if (AppUser.byName(request.username()).isPresent()) {
            throw ProblemException.conflict("user '" + request.username() + "' already exists");
        }
        AppUser user = new AppUser();
        user.username = request.username();
        user.passwordHash = Passwords.hash(password, config.bcryptCost());
        user.role = request.role();
        user.allSites = Boolean.TRUE.equals(request.allSites());
        user.sites = request.sites() == null ? new HashSet<>() : new HashSet<>(request.sites());
        user.enabled = true;
        user.displayName = request.displayName();
        user.email = request.email();
        user.createdAt = clock.instant();
        user.updatedAt = user.createdAt;
        user.persist();
        return new CreatedUser(UserView.of(user), generated ? password : null);
    }

    /**
     * Creates the configured first administrator when no user of that name exists. Safe on several
     * instances at once: the unique username decides, the losers see the winner's row.
     */
    @Transactional
    public boolean ensureAdmin(String username, String password) {
        List<String> problems = Passwords.problems(username, password);
        if (!USERNAME.matcher(username).matches() || !problems.isEmpty()) {
            throw new IllegalStateException("the first administrator cannot be created: username " + username + " "
                    + (USERNAME.matcher(username).matches() ? "is valid" : USERNAME_MESSAGE) + "; password "
                    + (problems.isEmpty() ? "is valid" : String.join(", ", problems)));
        }
        Instant now = clock.instant();
        int created = Panache.getEntityManager().createNativeQuery("""
                insert into app_user (username, password_hash, role, all_sites, enabled, created_at, updated_at)
                values (:username, :hash, 'admin', true, true, :now, :now)
                on conflict (username) do nothing""")
                .setParameter("username", username)
                .setParameter("hash", Passwords.hash(password, config.bcryptCost()))
                .setParameter("now", now)
                .executeUpdate();
        return created == 1;
    }

    @Transactional
    public long adminCount() {
        return AppUser.count("role = ?1 and enabled = true", Roles.ADMIN);
    }

    @Transactional
    public UserView change(String username, UserChange change) {
        if (change == null) {
            throw ProblemException.badRequest("request body is missing");
        }
        AppUser user = require(username);
        List<FieldError> errors = new ArrayList<>();
        String role = change.role() != null ? change.role() : user.role;
        Set<String> sites = change.sites() != null ? change.sites() : user.sites;
        checkRoleAndSites(role, sites, errors);
        checkContact(change.displayName(), change.email(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the user cannot be changed", errors);
        }
        boolean losesAdmin = Roles.ADMIN.equals(user.role)
                && (!Roles.ADMIN.equals(role) || Boolean.FALSE.equals(change.enabled()));
        if (losesAdmin && user.enabled && adminCount() <= 1) {
            throw ProblemException.conflict("user '" + username + "' is the last enabled administrator");
        }
        user.role = role;
        user.sites = new HashSet<>(sites);
        if (change.allSites() != null) {
            user.allSites = change.allSites();
        }
        if (change.enabled() != null) {
            user.enabled = change.enabled();
        }
        if (change.displayName() != null) {
            user.displayName = change.displayName();
        }
        if (change.email() != null) {
            user.email = change.email();
        }
        touch(user);
        return UserView.of(user);
    }

    @Transactional
    public void delete(String username) {
        AppUser user = require(username);
        if (Roles.ADMIN.equals(user.role) && user.enabled && adminCount() <= 1) {
            throw ProblemException.conflict("user '" + username + "' is the last enabled administrator");
        }
        verifier.forget(user.passwordHash);
        user.delete();
    }

    /** Sets a password (checked against the current one when {@code current} is given); returns it when generated. */
    @Transactional
    public Optional<String> setPassword(String username, String current, boolean checkCurrent, String password) {
        AppUser user = require(username);
        if (checkCurrent && (current == null || !Passwords.matches(current, user.passwordHash))) {
            throw ProblemException.invalid("the password cannot be changed",
                    List.of(new FieldError("currentPassword", "does not match the current password")));
        }
        boolean generated = password == null;
        String next = generated ? Passwords.generate() : password;
        List<String> problems = Passwords.problems(username, next);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("the password cannot be changed",
                    problems.stream().map(p -> new FieldError(checkCurrent ? "newPassword" : "password", p)).toList());
        }
        verifier.forget(user.passwordHash);
        user.passwordHash = Passwords.hash(next, config.bcryptCost());
        touch(user);
        return generated ? Optional.of(next) : Optional.empty();
    }

    // --- tokens -----------------------------------------------------------------------------

    @Transactional
    public CreatedToken createToken(String username, NewToken request) {
        AppUser user = AppUser.byName(username).orElseThrow(() -> ProblemException.conflict(
                "API tokens belong to users of the platform's own store; '" + username + "' logged in through OIDC"));
        if (request == null) {
            throw ProblemException.badRequest("request body is missing: send {\"name\": …, \"expiresInDays\": …}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100
                || request.name().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "is required: 1 to 100 characters, no control characters"));
        }
        int days = request.expiresInDays() == null ? config.tokenDefaultDays() : request.expiresInDays();
        if (days < 1 || days > config.tokenMaxDays()) {
            errors.add(new FieldError("expiresInDays", "must be between 1 and " + config.tokenMaxDays()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the token cannot be created", errors);
        }
        if (ApiToken.count("userId = ?1 and name = ?2", user.id, request.name()) > 0) {
            throw ProblemException.conflict("a token named '" + request.name() + "' already exists; revoke it or choose another name");
        }
        String secret = ApiTokens.generate();
        ApiToken token = new ApiToken();
        token.userId = user.id;
        token.name = request.name();
        token.tokenHash = ApiTokens.hash(secret);
        token.prefix = ApiTokens.displayPrefix(secret);
        token.createdAt = clock.instant();
        token.expiresAt = token.createdAt.plus(Duration.ofDays(days));
        token.persist();
        return new CreatedToken(TokenView.of(token, clock.instant()), secret);
    }

    @Transactional
    public List<TokenView> tokens(String username) {
        Optional<AppUser> user = AppUser.byName(username);
        if (user.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return ApiToken.<ApiToken>list("userId = ?1 order by createdAt", user.get().id).stream()
                .map(t -> TokenView.of(t, now)).toList();
    }

    @Transactional
    public TokenView revoke(String username, long tokenId) {
        AppUser user = AppUser.byName(username).orElseThrow(() -> ProblemException.notFound("token", String.valueOf(tokenId)));
        ApiToken token = ApiToken.<ApiToken>find("id = ?1 and userId = ?2", tokenId, user.id).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("token", String.valueOf(tokenId)));
        if (token.revokedAt == null) {
            token.revokedAt = clock.instant();
        }
        return TokenView.of(token, clock.instant());
    }

    @Transactional
    public UserView requireView(String username) {
        return UserView.of(require(username));
    }

    private AppUser require(String username) {
        return AppUser.byName(username).orElseThrow(() -> ProblemException.notFound("user", username));
    }

    private void touch(AppUser user) {
        user.updatedAt = clock.instant();
        user.version++;
    }

    private static void checkContact(String displayName, String email, List<FieldError> errors) {
        if (displayName != null && (displayName.length() > 200 || displayName.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("displayName", "must be at most 200 characters without control characters"));
        }
        if (email != null && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkRoleAndSites(String role, Set<String> sites, List<FieldError> errors) {
        if (role == null || !Roles.isKnown(role)) {
            errors.add(new FieldError("role", "must be one of " + String.join(", ", Roles.ALL)));
        }
        if (sites == null || sites.isEmpty()) {
            return;
        }
        List<String> bad = sites.stream().filter(s -> !Ids.isValid(s)).toList();
        if (!bad.isEmpty()) {
            errors.add(new FieldError("sites", "not site ids: " + bad));
            return;
        }
        List<String> known = Panache.getEntityManager().createNativeQuery("select id from site where id in (:ids)")
                .setParameter("ids", sites).getResultList();
        List<String> missing = sites.stream().filter(s -> !known.contains(s)).sorted().toList();
        if (!missing.isEmpty()) {
            errors.add(new FieldError("sites", "sites not in the registry: " + missing));
        }
    }
}
