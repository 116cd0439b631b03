package org.facilitymonitor.assets;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** Paging query parameters shared by the listings; sizes are bounded so no request can ask for everything. */
public class PageParams {

    public static final int MAX_SIZE = 1000;
    /** Deep pages cost the database a scan of every row before them. */
    public static final int MAX_PAGE = 100_000;

    @QueryParam("page")
    @DefaultValue("0")
    public int page;

    @QueryParam("size")
    @DefaultValue("100")
    public int size;

    /** @throws org.facilitymonitor.platform.ProblemException 422 naming {@code page} or {@code size} */
    public RegistryService.PageRequest request() {
        return new RegistryService.PageRequest(Bounds.between("page", page, 0, MAX_PAGE),
                Bounds.between("size", size, 1, MAX_SIZE));
    }
}
