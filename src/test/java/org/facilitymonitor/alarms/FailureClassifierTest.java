package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.facilitymonitor.alarms.FailureClassifier.Kind;
import org.facilitymonitor.alarms.FailureClassifier.Verdict;
import org.facilitymonitor.platform.ProblemException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    /** How Hibernate and Narayana hand a database error to the recorder: wrapped twice. */
    private static RuntimeException wrapped(SQLException e) {
        return new RuntimeException("ARJUNA016053: Could not commit transaction.",
                new PersistenceException("could not execute statement", new DataException("insert failed", e)));
    }

    private static Verdict sql(String state) {
        return FailureClassifier.classify(wrapped(new SQLException("ERROR: something (" + state + ")", state)));
    }

    @Test
    void unavailableOrBusyPostgresIsTransient() {
        for (String state : List.of("08001", "08006", "08003", "53300", "53100", "57P01", "57P03", "40001", "40P01")) {
            Verdict v = sql(state);
            assertThat(v.kind()).as(state).isEqualTo(Kind.TRANSIENT);
            assertThat(v.sqlState()).isEqualTo(state);
            assertThat(v.reason()).as(state).isNull();
        }
    }

    @Test
    void anotherInstanceInsertingTheSameAlarmFirstIsTransient() {
        Verdict v = FailureClassifier.classify(new ConstraintViolationException("duplicate key value violates unique"
                + " constraint \"alarm_one_active_per_asset_rule\"", new SQLException("duplicate key", "23505"),
                "alarm_one_active_per_asset_rule"));
        assertThat(v.kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void poolTimeoutsAndLostSocketsWithoutSqlStateAreTransient() {
        assertThat(FailureClassifier.classify(new PersistenceException(new JDBCConnectionException("unable to obtain"
                + " isolated JDBC connection", new SQLException("Acquisition timeout while waiting for new connection")))).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("Acquisition timeout while waiting for new"
                + " connection"))).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new ConnectException("Connection refused"))).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void whatTheConclusionItselfBreaksIsPermanentWithItsReason() {
        Verdict tooLong = sql("22001");
        assertThat(tooLong.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(tooLong.reason()).isEqualTo("data");
        assertThat(tooLong.detail()).as("the innermost message, named").isEqualTo("SQLException: ERROR: something (22001)");
        assertThat(sql("22021").reason()).isEqualTo("data");
        assertThat(sql("23503").reason()).isEqualTo("foreign-key");
        assertThat(sql("23502").reason()).isEqualTo("not-null");
        assertThat(sql("23514").reason()).isEqualTo("check");
        assertThat(sql("23P01").reason()).isEqualTo("constraint");
        for (String state : List.of("22001", "23503", "23502", "23514", "23P01")) {
            assertThat(sql(state).kind()).as(state).isEqualTo(Kind.PERMANENT);
        }
        Verdict invalid = FailureClassifier.classify(new IllegalStateException("wrapped", ProblemException.invalid(
                "the work order has 1 problem(s)", List.of(new ProblemException.FieldError("title", "must be at most 200"
                        + " characters")))));
        assertThat(invalid.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(invalid.reason()).isEqualTo("invalid");
    }

    @Test
    void anythingElseIsUnknownAndSetAsideOnlyAfterAFewAttempts() {
        Verdict bug = FailureClassifier.classify(new NullPointerException("alarm.lastTs"));
        assertThat(bug.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(bug.reason()).isEqualTo("failed");
        assertThat(sql("42P01").kind()).as("a missing table: not the conclusion's fault").isEqualTo(Kind.UNKNOWN);
        assertThat(sql("XX000").kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(FailureClassifier.classify(ProblemException.conflict("x")).kind()).as("409 is a 4xx: permanent")
                .isEqualTo(Kind.PERMANENT);
        assertThat(FailureClassifier.classify(new ProblemException(503, "Unavailable", "down", List.of())).kind())
                .isEqualTo(Kind.UNKNOWN);
    }
}
