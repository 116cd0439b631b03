package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.security.OpenApiOperations.Operation;
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

    @Test
    void everyOperationAnswersAsTheAccessTableSays() throws Exception {
        AccessTable table = AccessTable.read(NativeStack.repositoryRoot().resolve("docs/security.md"));
        List<Operation> operations = OpenApiOperations.read();
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
            int anon = op.call(anonymous(), op.missingPath()).statusCode();
            calls++;
            if (rule.get().anonymous() ? (anon == 401 || anon == 403) : anon != 401) {
                wrong.add(op + " anonymous -> " + anon + " (rule: " + rule.get().text() + ")");
            }
            for (String role : AccessTable.ROLES) {
                int status = op.call(givenAs(TestUsers.user(role)), op.missingPath()).statusCode();
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
}
