package org.facilitymonitor.security;

import static org.facilitymonitor.testing.RestRequests.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The operations of the service's OpenAPI document, and how the attack tests call them. */
final class OpenApiOperations {

    /** One operation: {@code template} as in the document, e.g. /api/assets/{id}; the body type it declares, if any. */
    static final String MISSING_ID = "zz-no-such-id";
    static final String MISSING_NUMBER = "987654321";

    record Operation(String method, String template, List<String> pathParams, List<String> numericPathParams,
            List<String> queryParams, String contentType) {

        @Override
        public String toString() {
            return method + " " + template;
        }

        /** The path with ids that exist nowhere: numbers for numeric parameters. */
        String missingPath() {
            String path = template;
            for (String p : pathParams) {
                path = path.replace("{" + p + "}", numericPathParams.contains(p) ? MISSING_NUMBER : MISSING_ID);
            }
            return path;
        }

        /** Calls {@code path} (the template with values) with an empty body of the declared type, not following redirects. */
        Response call(RequestSpecification request, String path) {
            RequestSpecification r = request.redirects().follow(false);
            if (contentType != null) {
                r = r.contentType(contentType).body(contentType.contains("json") ? "{}" : "");
            }
            return r.request(method, path);
        }
    }

    private OpenApiOperations() {
    }

    static List<Operation> read() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<String> pathParams = new ArrayList<>();
                List<String> numeric = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode param : op.getValue().path("parameters")) {
                    String name = param.path("name").asText();
                    (param.path("in").asText().equals("path") ? pathParams : queryParams).add(name);
                    if (List.of("integer", "number").contains(param.path("schema").path("type").asText())) {
                        numeric.add(name);
                    }
                }
                String contentType = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                if (content.isObject() && content.fieldNames().hasNext()) {
                    List<String> types = new ArrayList<>();
                    content.fieldNames().forEachRemaining(types::add);
                    contentType = types.contains("application/json") ? "application/json" : types.get(0);
                }
                out.add(new Operation(method, path.getKey(), pathParams, numeric, queryParams, contentType));
            }
        }
        return out;
    }
}
