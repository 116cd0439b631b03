package org.facilitymonitor.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "fm.security")
public interface SecurityConfig {

    /** The first administrator, created at start when no user of that name exists (never a default password). */
    Admin admin();

    /** bcrypt cost of new password hashes (2^cost rounds); 12 takes ~0.25 s on one core of a small server. */
    @WithDefault("12")
    int bcryptCost();

    /** How long a verified password is remembered (as an HMAC) so scripts using HTTP basic do not pay bcrypt per request. */
    @WithDefault("PT5M")
    Duration loginCacheTtl();

    /** Validity of a new API token when the request names none. */
    @WithDefault("90")
    int tokenDefaultDays();

    /** Longest validity an API token may be given. */
    @WithDefault("365")
    int tokenMaxDays();

    /** Token claims of OIDC identities. */
    Oidc oidc();

    interface Admin {
        Optional<String> username();

        Optional<String> password();
    }

    interface Oidc {
        /** Claim holding the user's platform roles (admin, engineer, crew, manager, viewer). */
        @WithDefault("fm_roles")
        String rolesClaim();

        /** Claim holding the site ids the user is granted; the value "*" grants every site. */
        @WithDefault("fm_sites")
        String sitesClaim();
    }
}
