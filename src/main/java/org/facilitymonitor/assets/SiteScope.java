package org.facilitymonitor.assets;

import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.platform.QueryFilter;

/** A listing's where-clause narrowed to the sites the caller is granted. */
public final class SiteScope {

    private SiteScope() {
    }

    /**
     * {@code filter}'s clause, and {@code condition} (which refers to {@code :grantedSites}) when the
     * caller is limited to some sites; none granted matches nothing.
     *
     * @param sites empty: all sites
     */
    public static String jpql(QueryFilter filter, Optional<Set<String>> sites, String condition) {
        if (sites.isEmpty()) {
            return filter.jpql();
        }
        if (sites.get().isEmpty()) {
            return filter.jpql() + " and 1 = 0";
        }
        filter.parameters().and("grantedSites", sites.get());
        return filter.jpql() + " and " + condition;
    }

    /** {@link #jpql(QueryFilter, Optional, String)} for entities with a {@code siteId}. */
    public static String jpql(QueryFilter filter, Optional<Set<String>> sites) {
        return jpql(filter, sites, "siteId in :grantedSites");
    }
}
