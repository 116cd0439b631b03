package org.facilitymonitor.testing;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;

/**
 * Requests with their settings on the request, never on RestAssured's globals (which every later
 * test class would see, so that results would depend on the order classes run in).
 */
public final class RestRequests {

    private RestRequests() {
    }

    /**
     * A request whose JSON numbers read back as doubles (RestAssured's default reads decimals as
     * floats), e.g. for {@code closeTo} matchers. Builds on the current configuration, so the test
     * framework's own settings (timeouts) stay as they are.
     */
    public static RequestSpecification givenDoubles() {
        return RestAssured.given().config(RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)));
    }
}
