package org.facilitymonitor.assets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** Paging query parameters shared by the listings; sizes are bounded so no request can ask for everything. */
public class PageParams {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    public int page;

    @QueryParam("size")
    @DefaultValue("100")
    @Min(value = 1, message = "must be between 1 and 1000")
    @Max(value = 1000, message = "must be between 1 and 1000")
    public int size;

    RegistryService.PageRequest request() {
        return new RegistryService.PageRequest(page, size);
    }
}
