package org.facilitymonitor.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.platform.ProblemException;

/**
 * The user of the current request: the actor of every change it makes and the sites it may
 * reach. Another site's object is reported as missing (404), so ids do not leak across sites.
 */
@RequestScoped
public class CurrentUser {

    public static final String ANONYMOUS = "anonymous";

    @Inject
    SecurityIdentity identity;

    public String name() {
        return identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** True when the user may see personal data (e-mail addresses, phone numbers, webhook URLs, delivery errors). */
    public boolean seesPersonalData() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.ENGINEER);
    }

    public boolean maySee(String siteId) {
        return grant().map(g -> g.maySee(siteId)).orElse(false);
    }

    /** Throws 404 "site '…' does not exist" unless the site is granted. */
    public void requireSite(String siteId) {
        requireSite(siteId, "site", siteId);
    }

    /** Throws 404 "{what} '{id}' does not exist" unless {@code siteId} (the object's site) is granted. */
    public void requireSite(String siteId, String what, Object id) {
        if (!maySee(siteId)) {
            throw ProblemException.notFound(what, String.valueOf(id));
        }
    }

    /** Empty when every site is granted; otherwise the granted site ids (possibly none). */
    public Optional<Set<String>> sites() {
        return grant().map(Grant::siteFilter).orElse(Optional.of(Set.of()));
    }

    public Optional<Grant> grant() {
        return Grant.of(identity);
    }
}
