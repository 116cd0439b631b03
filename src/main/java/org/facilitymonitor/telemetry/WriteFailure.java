package org.facilitymonitor.telemetry;

/** A failed InfluxDB write, classified by what the caller should do about it. */
public class WriteFailure extends Exception {

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** Unreachable, timed out, overloaded or misconfigured (401/403/404): retry, the data is valid. */
        RETRY,
        /** InfluxDB refused some line (400/422, e.g. a field type conflict): isolate the line. */
        REJECTED,
        /** The request was too large (413): split it. */
        TOO_LARGE
    }

    private final Kind kind;
    private final int status;

    public WriteFailure(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** A short metric tag: the HTTP status, or "unreachable" when there was no answer. */
    public String reasonTag() {
        return status == 0 ? "unreachable" : "http-" + status;
    }
}
