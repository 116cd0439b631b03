package org.facilitymonitor.energy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.facilitymonitor.assets.Department;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/**
 * The site scope of the energy endpoints: an object of a site the caller is not granted answers
 * exactly like one that does not exist (the same 404 body), and lists keep only granted sites.
 * Only for request threads: background jobs see every site.
 */
@ApplicationScoped
public class EnergyAccess {

    /** Longest free text a query parameter takes (ids, lists of ids). */
    public static final int MAX_PARAMETER_LENGTH = 2000;

    @Inject
    CurrentUser user;

    public String name() {
        return user.name();
    }

    public boolean maySee(String siteId) {
        return siteId != null && user.maySee(siteId);
    }

    /** The site, granted to the caller; 404 "site 'x' does not exist" when unknown or not granted. */
    public Site site(String siteId) {
        Site site = siteId == null ? null : Site.findById(siteId);
        if (site == null || !maySee(siteId)) {
            throw ProblemException.notFound("site", siteId);
        }
        return site;
    }

    /** The point, on a site granted to the caller; 404 "point 'x' does not exist" otherwise. */
    public Point point(String pointId) {
        Point p = pointId == null ? null : Point.findById(pointId);
        if (p == null || !maySee(p.siteId)) {
            throw ProblemException.notFound("point", pointId);
        }
        return p;
    }

    /** The department, on a site granted to the caller; 404 "department 'x' does not exist" otherwise. */
    public Department department(String departmentId) {
        Department d = departmentId == null ? null : Department.findById(departmentId);
        if (d == null || !maySee(d.siteId)) {
            throw ProblemException.notFound("department", departmentId);
        }
        return d;
    }

    /** 404 "{what} '{id}' does not exist" unless the object's site is granted (null: the object is missing). */
    public void require(String what, String id, String siteId) {
        if (!maySee(siteId)) {
            throw ProblemException.notFound(what, id);
        }
    }

    public <T> List<T> granted(List<T> items, Function<T, String> siteOf) {
        return user.sites().isEmpty() ? items : items.stream().filter(i -> maySee(siteOf.apply(i))).toList();
    }

    /** Personal data (e-mail addresses of report recipients): admin, engineer and manager. */
    public boolean seesRecipients() {
        return user.hasRole(Roles.ADMIN) || user.hasRole(Roles.ENGINEER) || user.hasRole(Roles.MANAGER);
    }

    /**
     * The request body's actor, if any, must be the caller: the actor comes from the login. Returns
     * the caller's name; 422 naming {@code field} when the body names somebody else.
     */
    public String actor(String field, String given) {
        String me = user.name();
        if (given != null && !given.isBlank() && !given.strip().equals(me)) {
            throw ProblemException.invalid("the " + field + " is the logged-in user", List.of(new FieldError(field,
                    "comes from the login ('" + me + "'), was '" + given.strip() + "': leave it out")));
        }
        return me;
    }

    /** 422 naming the parameter when a free-text query parameter is longer than it can sensibly be. */
    public static void bounded(String parameter, String value, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.invalid(parameter + " is too long", List.of(new FieldError(parameter,
                    "at most " + max + " characters, was " + value.length())));
        }
    }
}
