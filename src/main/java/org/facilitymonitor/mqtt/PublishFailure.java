package org.facilitymonitor.mqtt;

/**
 * Why a publish failed, as a short metric tag: {@code inflight-full} (the broker's receive maximum of
 * unacknowledged publishes is reached), {@code not-connected}, {@code refused} (the broker answered
 * with an error reason code, e.g. not authorised) or {@code error}.
 */
public final class PublishFailure extends RuntimeException {

    private final String reason;

    public PublishFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** The reason of any failure a publish future completed with. */
    public static String reasonOf(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof PublishFailure p) {
                return p.reason();
            }
            t = t.getCause();
        }
        return "error";
    }
}
