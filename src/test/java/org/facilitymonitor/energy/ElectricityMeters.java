package org.facilitymonitor.energy;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.Map;

/** Test meters: cumulative kWh points under the demo campus's IT sub-meter, created over REST. */
final class ElectricityMeters {

    private ElectricityMeters() {
    }

    /** Creates (or keeps) an electricity meter writing {@code electricity,point=ID energy_kwh=...}. */
    static void put(String id) {
        given().contentType(ContentType.JSON).body(Map.of("asset", "office-elec-it", "name", id, "quantity", "active_energy",
                "unit", "kWh", "kind", "cumulative", "measurement", "electricity", "field", "energy_kwh", "carrier",
                "electricity")).put("/api/points/" + id).then().statusCode(anyOf(equalTo(200), equalTo(201)));
    }
}
