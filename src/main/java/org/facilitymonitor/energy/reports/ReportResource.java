package org.facilitymonitor.energy.reports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/** A site's energy report for any period, downloaded as CSV, XLSX or PDF. */
@Path("/api/energy/reports")
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class ReportResource {

    /** Most departments one report may be restricted to. */
    static final int MAX_DEPARTMENTS = 200;

    @Inject
    ReportAssembler assembler;
    @Inject
    ReportRenderer renderer;
    @Inject
    ReportRegistry registry;
    @Inject
    ReportsConfig config;
    @Inject
    EnergyAccess access;

    /**
     * {@code from}/{@code to}: local dates of the site, {@code to} exclusive; {@code format} csv
     * (default), xlsx or pdf; {@code lang} en (default) or zh-CN; {@code departments}: comma-separated ids.
     */
    @GET
    public Response download(@QueryParam("site") String site, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("format") String format, @QueryParam("lang") String lang,
            @QueryParam("departments") String departments) {
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.isValid(site)) {
            errors.add(new FieldError("site", site == null ? "required" : Ids.ID_MESSAGE));
        } else if (registry.site(site).isEmpty() || !access.maySee(site)) {
            errors.add(new FieldError("site", "no site '" + site + "'"));
        }
        LocalDate fromDate = date("from", from, errors);
        LocalDate toDate = date("to", to, errors);
        if (fromDate != null && toDate != null) {
            if (!fromDate.isBefore(toDate)) {
                errors.add(new FieldError("to", "must be after from (" + from + "); the period is [from, to)"));
            } else if (ChronoUnit.DAYS.between(fromDate, toDate) > config.maxPeriodDays()) {
                errors.add(new FieldError("to", "the period is longer than " + config.maxPeriodDays() + " days"));
            }
        }
        Optional<ReportFormat> reportFormat = ReportFormat.of(format == null || format.isBlank() ? "csv" : format);
        if (reportFormat.isEmpty()) {
            errors.add(new FieldError("format", "must be csv, xlsx or pdf"));
        }
        Optional<ReportLanguage> language = ReportLanguage.ofTag(lang == null || lang.isBlank() ? "en" : lang);
        if (language.isEmpty()) {
            errors.add(new FieldError("lang", "must be en or zh-CN"));
        }
        Set<String> departmentIds = new LinkedHashSet<>();
        String[] departmentList = departments == null || departments.isBlank() ? new String[0] : departments.split(",");
        if (departmentList.length > MAX_DEPARTMENTS || (departments != null && departments.length() > EnergyAccess.MAX_PARAMETER_LENGTH)) {
            errors.add(new FieldError("departments", "at most " + MAX_DEPARTMENTS + " ids and "
                    + EnergyAccess.MAX_PARAMETER_LENGTH + " characters"));
        } else if (departmentList.length > 0 && Ids.isValid(site) && access.maySee(site)) {
            Map<String, String> known = registry.departmentNames(site);
            for (String d : departmentList) {
                String id = d.strip();
                if (!known.containsKey(id)) {
                    errors.add(new FieldError("departments", "no department '" + id + "' in site '" + site + "'"));
                }
                departmentIds.add(id);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the report request is invalid", errors);
        }
        EnergyReport report = assembler.assemble(site, fromDate, toDate, language.get(), departmentIds);
        ReportFormat f = reportFormat.get();
        return Response.ok(renderer.render(report, f), f.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + ReportRenderer.fileName(report, f) + "\"")
                .build();
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required, a date like 2026-09-01"));
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not a date like 2026-09-01: '" + value + "'"));
            return null;
        }
    }
}
