package org.facilitymonitor.testing;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests with their settings on the request, never on RestAssured's globals (which every later
 * test class would see, so that results would depend on the order classes run in). Every request
 * logs in: as the test administrator that {@link StackTestResource} has the service create at
 * start, or as a {@link TestUsers} user; {@link #anonymous()} is the only way to send none.
 */
public final class RestRequests {

    private RestRequests() {
    }

    /** A request authenticated as the test administrator (HTTP basic, sent without waiting for a challenge). */
    public static RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(adminUsername(), adminPassword());
    }

    /**
     * An administrator's request whose JSON numbers read back as doubles (RestAssured's default reads
     * decimals as floats), e.g. for {@code closeTo} matchers. Builds on the current configuration, so the
     * test framework's own settings (timeouts) stay as they are.
     */
    public static RequestSpecification givenDoubles() {
        return given().config(RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)));
    }

    public static RequestSpecification givenAs(TestUsers.TestUser user) {
        return RestAssured.given().auth().preemptive().basic(user.username(), user.password());
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }

    public static String adminUsername() {
        return ConfigProvider.getConfig().getValue("fm.security.admin.username", String.class);
    }

    public static String adminPassword() {
        return ConfigProvider.getConfig().getValue("fm.security.admin.password", String.class);
    }
}
