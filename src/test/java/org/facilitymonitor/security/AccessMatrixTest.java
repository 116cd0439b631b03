package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called anonymously and as each role, answers what the
 * access table of docs/security.md says: 401 without a login, 403 for a role not listed, and
 * neither for a listed role (the ids are made up, so a permitted call ends in 404 or 422 without
 * changing anything). An operation missing from the table fails the test, so a new endpoint
 * cannot ship without a documented rule.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class AccessMatrixTest {

    private static final String MISSING_ID = "zz-no-such-id";
    private static final String MISSING_NUMBER = "987654321";

    record Operation(String method, String path, String template, String contentType) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @Test
    void everyOperationAnswersAsTheAccessTableSays() throws Exception {
        AccessTable table = AccessTable.read(NativeStack.repositoryRoot().resolve("docs/security.md"));
        List<Operation> operations = operations();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(100);

        List<String> unclassified = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Operation op : operations) {
            var rule = table.ruleFor(op.method(), op.template());
            if (rule.isEmpty()) {
                unclassified.add(op.toString());
                continue;
            }
            int anon = call(anonymous(), op);
            calls++;
            if (rule.get().anonymous() ? (anon == 401 || anon == 403) : anon != 401) {
                wrong.add(op + " anonymous -> " + anon + " (rule: " + rule.get().text() + ")");
            }
            for (String role : AccessTable.ROLES) {
                int status = call(givenAs(TestUsers.user(role)), op);
                calls++;
                boolean allowed = rule.get().roles().contains(role) || rule.get().anonymous();
                if (allowed ? (status == 401 || status == 403) : status != 403) {
                    wrong.add(op + " " + role + " -> " + status + " (rule: " + rule.get().text() + ")");
                }
            }
        }
        assertThat(unclassified).as("operations with no row in the access table of docs/security.md").isEmpty();
        assertThat(wrong).as("answers that differ from the access table (%d calls)", calls).isEmpty();
    }

    private static int call(RequestSpecification request, Operation op) {
        RequestSpecification r = request.redirects().follow(false);
        if (op.contentType() != null) {
            r = r.contentType(op.contentType()).body(op.contentType().contains("json") ? "{}" : "");
        }
        return r.request(op.method(), op.path()).statusCode();
    }

    private static List<Operation> operations() throws Exception {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        JsonNode paths = new ObjectMapper().readTree(json).path("paths");
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                String concrete = path.getKey();
                for (JsonNode param : op.getValue().path("parameters")) {
                    if ("path".equals(param.path("in").asText())) {
                        String type = param.path("schema").path("type").asText();
                        String value = type.equals("integer") || type.equals("number") ? MISSING_NUMBER : MISSING_ID;
                        concrete = concrete.replace("{" + param.path("name").asText() + "}", value);
                    }
                }
                concrete = concrete.replaceAll("\\{[^}]+}", MISSING_ID);
                String contentType = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                if (content.isObject() && content.fieldNames().hasNext()) {
                    List<String> types = new ArrayList<>();
                    content.fieldNames().forEachRemaining(types::add);
                    contentType = types.contains("application/json") ? "application/json" : types.get(0);
                }
                out.add(new Operation(method, concrete, path.getKey(), contentType));
            }
        }
        return out;
    }
}
