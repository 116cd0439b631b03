package org.facilitymonitor.energy.waste;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.security.Roles;

/** Where the waste is: a site's ranked energy-saving opportunities. */
@Path("/api/energy/sites/{site}/opportunities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class WasteResource {

    @Inject
    WasteService service;

    @GET
    public WasteService.WasteView opportunities(@PathParam("site") String site, @QueryParam("to") String to) {
        return service.find(site, to == null ? null : DayRange.day("to", to));
    }
}
