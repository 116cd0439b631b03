package org.facilitymonitor.maintenance;

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
import org.facilitymonitor.maintenance.WorkOrderReports.Report;
import org.facilitymonitor.platform.ProblemException;

@Path("/api/maintenance/reports")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceReportResource {

    @Inject
    MaintenanceReportService reports;
    @Inject
    Clock clock;

    /**
     * MTTA, MTTR, on-time rate per step, satisfaction per department and team, MTBF per asset, over the
     * orders requested in [from, to) (ISO-8601 instants; default the last 30 days). Definitions: {@link WorkOrderReports}.
     */
    @GET
    public Report report(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("from must be before to");
        }
        return reports.report(start, end);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-01-15T00:00:00Z");
        }
    }
}
