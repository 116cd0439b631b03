package org.facilitymonitor.maintenance;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.maintenance.WorkOrderReports.Report;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/** Maintenance figures over the user's sites, readable by every role. */
@Path("/api/maintenance/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class MaintenanceReportResource {

    /** A report loads every order of its range: at most a year and a day. */
    static final Duration MAX_RANGE = Duration.ofDays(366);

    @Inject
    MaintenanceReportService reports;
    @Inject
    Clock clock;

    /**
     * MTTA, MTTR, on-time rate per step, satisfaction per department and team, MTBF per asset, over the
     * orders requested in [from, to) (ISO-8601 instants; default the last 30 days; at most 366 days) of the
     * user's sites. Definitions: {@link WorkOrderReports}.
     */
    @GET
    public Report report(@QueryParam("from") String from, @QueryParam("to") String to) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = to == null ? clock.instant() : instant(errors, "to", to);
        Instant start = from == null ? (end == null ? null : end.minus(Duration.ofDays(30))) : instant(errors, "from", from);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                errors.add(new FieldError("from", "must be before to"));
            } else if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                errors.add(new FieldError("to", "the range may be at most " + MAX_RANGE.toDays() + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw WorkOrderService.invalid(errors);
        }
        return reports.report(start, end);
    }

    private static Instant instant(List<FieldError> errors, String name, String value) {
        try {
            if (value.length() <= 40) {
                return Instant.parse(value);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be an ISO-8601 instant, e.g. 2026-01-15T00:00:00Z"));
        return null;
    }
}
