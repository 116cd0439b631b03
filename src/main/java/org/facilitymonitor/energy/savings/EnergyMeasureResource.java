package org.facilitymonitor.energy.savings;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.savings.EnergyMeasureService.MeasureRequest;
import org.facilitymonitor.energy.savings.EnergyMeasureService.MeasureView;
import org.facilitymonitor.security.Roles;

/** Work orders and maintenance plans marked as energy measures (their accepted work orders become interventions). */
@Path("/api/energy/measures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class EnergyMeasureResource {

    @Inject
    EnergyMeasureService service;
    @Inject
    EnergyAccess access;

    @GET
    public List<MeasureView> list(@QueryParam("site") String site) {
        return service.list(site);
    }

    /** Marks a work order or plan; an already accepted work order gets its intervention at once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response mark(MeasureRequest body) {
        long id = service.mark(body, access.name()).id();
        service.createDue();
        return Response.status(201).entity(service.get(id)).build();
    }

    @GET
    @Path("/{id}")
    public MeasureView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
