package org.facilitymonitor.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The first administrator comes from FM_ADMIN_USERNAME / FM_ADMIN_PASSWORD, created once when no
 * user of that name exists; an existing user's password is never overwritten from the environment.
 * There is no default password: without these settings and without an admin, the service says so.
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    @Inject
    SecurityConfig config;
    @Inject
    Accounts accounts;

    void onStart(@Observes StartupEvent event) {
        var admin = config.admin();
        if (admin.username().isPresent() && admin.password().isPresent()) {
            if (accounts.ensureAdmin(admin.username().get(), admin.password().get())) {
                LOG.infof("administrator '%s' created from FM_ADMIN_USERNAME/FM_ADMIN_PASSWORD", admin.username().get());
            }
        } else if (accounts.adminCount() == 0) {
            LOG.warn("no administrator account exists: set FM_ADMIN_USERNAME and FM_ADMIN_PASSWORD (at least "
                    + Passwords.MIN_LENGTH + " characters) and restart; every endpoint but health needs a login");
        }
    }
}
