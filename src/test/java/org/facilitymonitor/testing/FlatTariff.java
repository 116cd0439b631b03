package org.facilitymonitor.testing;

import static org.facilitymonitor.testing.RestRequests.given;

import io.restassured.http.ContentType;

/** A tariff of one price (per kWh, or per m³ of gas) at every hour of every day, created over REST. */
public final class FlatTariff {

    private FlatTariff() {
    }

    /** Creates it for {@code site}, valid from {@code validFrom} (a date), in EUR; returns its id. */
    public static int electricity(String site, double pricePerKwh, String validFrom) {
        return of(site, "ELECTRICITY", pricePerKwh, validFrom, 0);
    }

    /** The same with a demand charge per kW of the month's highest 15-minute demand. */
    public static int electricity(String site, double pricePerKwh, String validFrom, double demandChargePerKw) {
        return of(site, "ELECTRICITY", pricePerKwh, validFrom, demandChargePerKw);
    }

    /** A gas tariff priced per m³. */
    public static int gas(String site, double pricePerM3, String validFrom) {
        return of(site, "GAS", pricePerM3, validFrom, 0);
    }

    private static int of(String site, String carrier, double pricePerUnit, String validFrom, double demandChargePerKw) {
        int tariff = given().contentType(ContentType.JSON).body("{\"siteId\": \"" + site + "\", \"carrier\": \"" + carrier + "\","
                + " \"name\": \"Flat\", \"currency\": \"EUR\"}").post("/api/tariffs").then().statusCode(201).extract().path("id");
        String allDay = "[{\"from\": \"00:00\", \"to\": \"24:00\", \"period\": \"FLAT\"}]";
        given().contentType(ContentType.JSON).body("{\"validFrom\": \"" + validFrom + "\", \"definition\": {\"seasons\":"
                + " [{\"name\": \"all year\", \"fromMonth\": 1, \"toMonth\": 12, \"prices\": {\"FLAT\": " + pricePerUnit + "},"
                + " \"days\": {\"WORKDAY\": " + allDay + ", \"WEEKEND\": " + allDay + ", \"HOLIDAY\": " + allDay + "}}]"
                + (demandChargePerKw > 0 ? ", \"demandChargePerKw\": " + demandChargePerKw : "") + "},"
                + " \"reason\": \"test fixture\"}").post("/api/tariffs/" + tariff + "/versions").then().statusCode(201);
        return tariff;
    }
}
