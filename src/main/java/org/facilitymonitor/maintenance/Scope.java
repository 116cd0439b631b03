package org.facilitymonitor.maintenance;

import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.security.CurrentUser;

/** Site scope and personal data for work orders and plans, which carry their asset's site. */
public final class Scope {

    private Scope() {
    }

    /** An object without a site (its asset was already gone) is seen only by users granted every site. */
    public static boolean visible(CurrentUser user, String siteId) {
        return siteId == null ? user.sites().isEmpty() : user.maySee(siteId);
    }

    /** Empty: every site; otherwise the granted ones (possibly none). */
    public static Optional<Set<String>> sites(CurrentUser user) {
        return user.sites();
    }

    /** Requester contacts are for the roles that act on them. */
    public static boolean personalData(CurrentUser user) {
        return user.seesPersonalData();
    }
}
