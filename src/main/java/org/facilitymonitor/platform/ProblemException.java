package org.facilitymonitor.platform;

import java.util.List;

/**
 * A request the service refuses, rendered as RFC 9457 problem JSON by {@link ProblemMapper}.
 * {@code errors} lists every offending field so a client can fix them all in one go.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail, List.of());
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(422, "Invalid input", detail, errors);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "Not found", what + " '" + id + "' does not exist", List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One offending field: a JSON-path-like location and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
